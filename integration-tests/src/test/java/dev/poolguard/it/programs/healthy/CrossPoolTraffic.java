package dev.poolguard.it.programs.healthy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.poolguard.it.programs.Out;

/**
 * Healthy heavy traffic: 4000 tasks in pool A (four workers), each submitting a task to pool B (four
 * workers) and waiting on it; B's tasks never wait. Many of A's waits really block while B's queue is
 * long, but never on A's own pool, and B always has a worker that is not waiting.
 */
public final class CrossPoolTraffic {
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        AtomicInteger aThreads = new AtomicInteger();
        AtomicInteger bThreads = new AtomicInteger();
        ExecutorService a = Executors.newFixedThreadPool(4, r -> new Thread(r, "traffic-a-" + aThreads.incrementAndGet()));
        ExecutorService b = Executors.newFixedThreadPool(4, r -> new Thread(r, "traffic-b-" + bThreads.incrementAndGet()));
        long start = System.nanoTime();
        List<Future<Long>> outer = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long n = i;
            outer.add(a.submit(() -> b.submit(() -> work(n)).get()));
        }
        long sum = 0;
        for (Future<Long> f : outer) {
            sum += f.get(60, TimeUnit.SECONDS);
        }
        Out.line("TRAFFIC " + count + " tasks, checksum " + sum + ", "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        a.shutdown();
        b.shutdown();
        Out.line("DONE");
    }

    private static long work(long n) {
        long x = n;
        for (int i = 0; i < 2_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return (x >>> 60) + n;
    }
}
