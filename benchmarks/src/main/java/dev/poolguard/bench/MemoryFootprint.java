package dev.poolguard.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The memory probe (not JMH: it measures retained heap, not time). Run it with and without the agent,
 * best with {@code -XX:+UseSerialGC} so that "heap used after a full GC" is exact:
 *
 * <pre>java -XX:+UseSerialGC -cp benchmarks.jar dev.poolguard.bench.MemoryFootprint POOLS WORKERS CHURN</pre>
 *
 * <ol>
 *   <li>{@code baseline}: heap used after GC once everything was warmed up (classes loaded, one pool
 *       created and dropped), before any measured pool exists;</li>
 *   <li>{@code live}: POOLS pools, each with WORKERS live (idle, prestarted) workers;</li>
 *   <li>{@code dropped}: those pools shut down, terminated and dropped, heap after GC again, and what the
 *       agent's registry still counts (pools, workers) when the agent is attached;</li>
 *   <li>{@code churned}: CHURN more pools, created, used once and dropped one after another, then the
 *       same measures: a leak per dead pool or thread would show here.</li>
 * </ol>
 * Each is measured as described at {@link #measure}. Output: {@code key=value} lines, read by
 * the comparison tool ({@code compare.MemoryPhase}).
 */
public final class MemoryFootprint {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private MemoryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int pools = Integer.parseInt(args[0]);
        int workers = Integer.parseInt(args[1]);
        int churn = Integer.parseInt(args[2]);

        churn(50); // warm up: classes, the agent's lazily built state, JIT
        measure("baseline");

        List<ThreadPoolExecutor> live = new ArrayList<>();
        for (int p = 0; p < pools; p++) {
            ThreadPoolExecutor pool = Pools.fixed(workers, "mem" + p);
            pool.prestartAllCoreThreads();
            live.add(pool);
        }
        measure("live");

        Pools.close(live.toArray(new ThreadPoolExecutor[0]));
        live.clear();
        measure("dropped");

        churn(churn);
        measure("churned");
    }

    /**
     * {@code key}: heap after GC; {@code key.pools/.workers}: what the agent's registry counts (asking
     * purges the entries of collected pools, which the registry otherwise does on its next insertion);
     * {@code key.purged}: heap after GC again, after that purge.
     */
    private static void measure(String key) throws InterruptedException {
        print(key, heapAfterGc());
        counts(key);
        print(key + ".purged", heapAfterGc());
    }

    private static void churn(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            ThreadPoolExecutor pool = Pools.fixed(1, "churn");
            pool.submit(() -> 42).get();
            Pools.close(pool);
        }
    }

    /** Heap in use after full GCs, once it stops shrinking (reference processing takes a few rounds). */
    static long heapAfterGc() throws InterruptedException {
        long best = Long.MAX_VALUE;
        int stable = 0;
        for (int i = 0; i < 20 && stable < 3; i++) {
            System.gc();
            Thread.sleep(20);
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (used < best) {
                stable = used > best - 256 ? stable + 1 : 0;
                best = used;
            } else {
                stable++;
            }
        }
        return best;
    }

    private static void print(String key, long value) {
        System.out.println(key + "=" + value);
    }

    private static void counts(String key) {
        int[] counts = Agent.registryCounts();
        if (counts != null) {
            System.out.println(key + ".pools=" + counts[0]);
            System.out.println(key + ".workers=" + counts[1]);
        }
    }
}
