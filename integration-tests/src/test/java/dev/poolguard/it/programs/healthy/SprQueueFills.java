package dev.poolguard.it.programs.healthy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.poolguard.it.programs.Out;
import dev.poolguard.it.programs.deadlock.Shape;

/**
 * Healthy twin of the SPR-11418 shape: the same pool (core 5, max 10, {@code ArrayBlockingQueue(25)}), the
 * same five outer tasks each waiting on an inner task queued behind them; but main is not blocked. Once every
 * outer task is parked in its wait and poolguard has looked at it (with main free to submit, the pool may
 * still grow: no deadlock), main keeps submitting short unrelated tasks until the queue is full and refuses
 * one: the pool starts a sixth worker, which runs the queued tasks, and every wait completes.
 * Prints {@code VALUE ...}, {@code FILLERS n LARGEST n RAN n}, {@code DONE}.
 */
public final class SprQueueFills {
    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(5, 10, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(25),
                r -> new Thread(r, "fills"));
        CountDownLatch allRunning = new CountDownLatch(5);
        CountDownLatch innersQueued = new CountDownLatch(5);
        Thread[] outerThreads = new Thread[5];
        List<Future<String>> outers = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            int n = i;
            outers.add(pool.submit(() -> {
                outerThreads[n - 1] = Thread.currentThread();
                allRunning.countDown();
                if (!allRunning.await(20, TimeUnit.SECONDS)) {
                    return "LATCH TIMED OUT";
                }
                Future<String> inner = pool.submit(() -> "inner-" + n);
                innersQueued.countDown();
                return inner.get();
            }));
        }
        Shape.await(innersQueued);
        for (Thread outer : outerThreads) {
            Shape.awaitParked(outer); // every outer task waits, and poolguard has checked its wait
        }
        AtomicInteger ran = new AtomicInteger();
        int fillers = 0;
        while (pool.getPoolSize() == 5 && fillers < 100) {
            pool.execute(ran::incrementAndGet); // queued until the queue is full; the one it refuses grows the pool
            fillers++;
        }
        StringBuilder values = new StringBuilder();
        for (Future<String> outer : outers) {
            values.append(values.length() == 0 ? "" : ",").append(outer.get(20, TimeUnit.SECONDS));
        }
        Out.line("VALUE " + values);
        pool.shutdown();
        boolean ended = pool.awaitTermination(20, TimeUnit.SECONDS);
        Out.line("FILLERS " + fillers + " LARGEST " + pool.getLargestPoolSize() + " RAN " + ran.get()
                + (ended ? "" : " NOT TERMINATED"));
        Out.line("DONE");
    }
}
