package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Shape STARVATION across two pools: P1's only worker waits on a task queued in P2, whose only worker
 * waits on a task queued in P1. Task b (on P2) waits first, while P1's worker is still busy but not
 * waiting; then a (on P1) closes the loop.
 */
public final class StarveCrossPool {
    public static void main(String[] args) {
        ExecutorService p1 = Executors.newFixedThreadPool(1, Shape.named("cross-p1"));
        ExecutorService p2 = Executors.newFixedThreadPool(1, Shape.named("cross-p2"));
        CountDownLatch bothRunning = new CountDownLatch(2);
        Shape.Started bStarted = new Shape.Started();
        Future<String> a = p1.submit(task("a", () -> {
            bothRunning.countDown();
            Shape.await(bothRunning);
            Shape.awaitParked(bStarted.thread());
            Shape.ready();
            Future<String> inP2 = p2.submit(task("a-in-p2", () -> "a-in-p2 done"));
            return Shape.waitFor("a", inP2);
        }));
        Future<String> b = p2.submit(task("b", () -> {
            bStarted.mark();
            bothRunning.countDown();
            Shape.await(bothRunning);
            Future<String> inP1 = p1.submit(task("b-in-p1", () -> "b-in-p1 done"));
            return Shape.waitFor("b", inP1);
        }));
        Shape.outcome("a", a);
        Shape.outcome("b", b);
        Shape.end();
    }
}
