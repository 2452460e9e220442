package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Shape STARVATION in a fixed pool of two: both workers run a task that submits to the pool and waits.
 * Task a waits first (worker 2 is still busy, so no deadlock yet: a risk); once a is parked, b does the
 * same, and b's wait closes it: every worker waits on a queued task.
 */
public final class StarveFixedTwo {
    public static void main(String[] args) {
        ExecutorService pool = Executors.newFixedThreadPool(2, Shape.named("fixed2"));
        CountDownLatch bothRunning = new CountDownLatch(2);
        Shape.Started aStarted = new Shape.Started();
        Future<String> a = pool.submit(task("a", () -> {
            aStarted.mark();
            bothRunning.countDown();
            Shape.await(bothRunning);
            Future<String> inner = pool.submit(task("inner-a", () -> "inner-a done"));
            return Shape.waitFor("a", inner);
        }));
        Future<String> b = pool.submit(task("b", () -> {
            bothRunning.countDown();
            Shape.await(bothRunning);
            Shape.awaitParked(aStarted.thread());
            Shape.ready();
            Future<String> inner = pool.submit(task("inner-b", () -> "inner-b done"));
            return Shape.waitFor("b", inner);
        }));
        Shape.outcome("b", b);
        Shape.outcome("a", a);
        Shape.end();
    }
}
