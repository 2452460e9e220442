package dev.poolguard.it.programs.healthy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.poolguard.it.programs.Out;

/**
 * Healthy under a deep backlog: pool B (two workers) has {@code args[0]} (default 100,000) cheap tasks
 * queued; pool A's four workers run 32 tasks that each submit to B and wait behind the whole backlog
 * (so A's own queue is deep and every A worker is in a long wait), and main waits on a task it queued
 * behind the backlog itself and on a B task that an A task queued (so main has no note of where it
 * went). Nothing waits on its own pool and B's workers never wait: no deadlock, no risk.
 */
public final class DeepBacklog {
    public static void main(String[] args) throws Exception {
        int backlog = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        AtomicInteger aThreads = new AtomicInteger();
        AtomicInteger bThreads = new AtomicInteger();
        ExecutorService a = Executors.newFixedThreadPool(4, r -> new Thread(r, "deep-a-" + aThreads.incrementAndGet()));
        ExecutorService b = Executors.newFixedThreadPool(2, r -> new Thread(r, "deep-b-" + bThreads.incrementAndGet()));
        AtomicLong ran = new AtomicLong();
        for (int i = 0; i < backlog; i++) {
            b.execute(ran::incrementAndGet);
        }
        List<Future<Long>> outer = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            long n = i;
            outer.add(a.submit(() -> b.submit(() -> n * n).get()));
        }
        Future<Future<Long>> handedOver = a.submit(() -> b.submit(() -> 7L));
        Future<Long> mine = b.submit(() -> 1L);
        long sum = mine.get() + handedOver.get().get();
        for (Future<Long> f : outer) {
            sum += f.get(60, TimeUnit.SECONDS);
        }
        Out.line("BACKLOG " + ran.get() + " ran, checksum " + sum);
        a.shutdown();
        b.shutdown();
        Out.line("DONE");
    }
}
