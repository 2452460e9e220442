package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shape STARVATION across two ForkJoinPools of parallelism 1: P1's only worker waits on a FutureTask
 * queued in P2, whose only worker waits on a FutureTask queued in P1. Task b (on P2) waits first; then
 * a (on P1) closes the loop. Neither pool helps with nor compensates for a FutureTask's get.
 */
public final class StarveForkJoinCrossPool {
    public static void main(String[] args) {
        ForkJoinPool p1 = named("fjcross-p1");
        ForkJoinPool p2 = named("fjcross-p2");
        CountDownLatch bothRunning = new CountDownLatch(2);
        Shape.Started bStarted = new Shape.Started();
        Future<String> a = p1.submit(task("a", () -> {
            bothRunning.countDown();
            Shape.await(bothRunning);
            Shape.awaitParked(bStarted.thread());
            Shape.ready();
            FutureTask<String> inP2 = new FutureTask<>(task("a-in-p2", () -> "a-in-p2 done"));
            p2.execute(inP2);
            return Shape.waitFor("a", inP2);
        }));
        Future<String> b = p2.submit(task("b", () -> {
            bStarted.mark();
            bothRunning.countDown();
            Shape.await(bothRunning);
            FutureTask<String> inP1 = new FutureTask<>(task("b-in-p1", () -> "b-in-p1 done"));
            p1.execute(inP1);
            return Shape.waitFor("b", inP1);
        }));
        Shape.outcome("a", a);
        Shape.outcome("b", b);
        Shape.end();
    }

    /** A pool of parallelism 1 whose workers are named {@code prefix-1}, {@code prefix-2}, ... */
    private static ForkJoinPool named(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return new ForkJoinPool(1, pool -> {
            ForkJoinWorkerThread worker = new ForkJoinWorkerThread(pool) { };
            worker.setName(prefix + "-" + next.incrementAndGet());
            return worker;
        }, null, false);
    }
}
