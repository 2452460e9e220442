package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Shape STARVATION through {@code invokeAll}: the two workers of a fixed pool each call
 * {@code invokeAll} onto their own, saturated pool. Task a's invokeAll waits first (worker 2 is still
 * busy); once a is parked, b's invokeAll closes the deadlock: four subtasks queued, no free worker.
 */
public final class StarveInvokeAll {
    public static void main(String[] args) {
        ExecutorService pool = Executors.newFixedThreadPool(2, Shape.named("invokeall"));
        CountDownLatch bothRunning = new CountDownLatch(2);
        Shape.Started aStarted = new Shape.Started();
        Future<String> a = pool.submit(task("a", () -> {
            aStarted.mark();
            bothRunning.countDown();
            Shape.await(bothRunning);
            return fanOut(pool, "a");
        }));
        Future<String> b = pool.submit(task("b", () -> {
            bothRunning.countDown();
            Shape.await(bothRunning);
            Shape.awaitParked(aStarted.thread());
            Shape.ready();
            return fanOut(pool, "b");
        }));
        Shape.outcome("b", b);
        Shape.outcome("a", a);
        Shape.end();
    }

    private static String fanOut(ExecutorService pool, String label) throws Exception {
        List<Callable<String>> subtasks = List.of(
                task(label + "-sub-1", () -> label + "-sub-1 done"),
                task(label + "-sub-2", () -> label + "-sub-2 done"));
        try {
            List<Future<String>> done = pool.invokeAll(subtasks);
            return label + " got " + done.size();
        } catch (RuntimeException e) {
            Shape.threw(label, e);
            throw e;
        }
    }
}
