package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.poolguard.it.programs.Out;

/**
 * Shape STARVATION behind a deep backlog: the only worker of a pool queues {@code args[0]} cheap tasks
 * to its own pool, then waits on one more task queued behind them. {@code args[1]} says who queued that
 * one: {@code self} (the waiting worker: poolguard knows where it went without reading the queue) or
 * {@code main} (another thread, handed over: found by reading the stuck pool's queue, once). Once the
 * wait is broken (fail mode), the backlog and the task run, and the program says how many ran.
 */
public final class StarveBehindBacklog {
    public static void main(String[] args) throws Exception {
        int fillers = Integer.parseInt(args[0]);
        boolean bySelf = args[1].equals("self");
        ExecutorService pool = Executors.newSingleThreadExecutor(Shape.named("backlog"));
        AtomicLong ran = new AtomicLong();
        Runnable filler = ran::incrementAndGet;
        CountDownLatch filled = new CountDownLatch(1);
        CompletableFuture<Future<String>> handed = new CompletableFuture<>();
        Future<String> outer = pool.submit(task("outer", () -> {
            for (int i = 0; i < fillers; i++) {
                pool.execute(filler);
            }
            Future<String> inner;
            if (bySelf) {
                inner = pool.submit(task("inner", () -> "inner done"));
            } else {
                filled.countDown();
                inner = handed.get(20, TimeUnit.SECONDS);
            }
            Shape.ready();
            return Shape.waitFor("outer", inner);
        }));
        if (!bySelf) {
            Shape.await(filled);
            handed.complete(pool.submit(task("inner", () -> "inner done")));
        }
        Shape.outcome("outer", outer);
        if (outer.isDone()) {
            pool.shutdown();
            if (pool.awaitTermination(30, TimeUnit.SECONDS)) {
                Out.line("BACKLOG RAN " + ran.get());
            }
        }
        Shape.end();
    }
}
