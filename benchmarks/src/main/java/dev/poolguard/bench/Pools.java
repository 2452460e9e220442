package dev.poolguard.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Pool helpers shared by the benchmarks: named fixed pools, and closing them for good. */
final class Pools {
    private Pools() {
    }

    /** A fixed pool, as {@code Executors.newFixedThreadPool} makes it, with readable thread names. */
    static ThreadPoolExecutor fixed(int threads, String name) {
        return new ThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new Named(name, null));
    }

    /** A fixed pool whose threads are also added to {@code threads} (to wait for them to block). */
    static ThreadPoolExecutor fixed(int threads, String name, List<Thread> recorded) {
        return new ThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new Named(name, recorded));
    }

    /** Shuts {@code pools} down and waits until every worker has exited. */
    static void close(ExecutorService... pools) {
        for (ExecutorService pool : pools) {
            if (pool != null) {
                pool.shutdown();
            }
        }
        for (ExecutorService pool : pools) {
            if (pool == null) {
                continue;
            }
            try {
                if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                    throw new IllegalStateException("pool did not terminate: " + pool);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Waits until every thread in {@code threads} (at least {@code count}) is parked: its wait began. */
    static void awaitParked(List<Thread> threads, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            int parked = 0;
            for (Thread thread : threads) {
                if (parked(thread)) {
                    parked++;
                }
            }
            if (parked >= count) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + parked + " of " + count + " threads blocked");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Whether {@code thread} is parked, timed or not: an agent may park a waiter for a short timed spell
     * first (to analyse only waits that last), then for good.
     */
    static boolean parked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    private static final class Named implements ThreadFactory {
        private final String prefix;
        private final List<Thread> recorded;
        private final AtomicInteger sequence = new AtomicInteger();

        Named(String prefix, List<Thread> recorded) {
            this.prefix = prefix + "-";
            this.recorded = recorded;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread thread = new Thread(r, prefix + sequence.incrementAndGet());
            if (recorded != null) {
                recorded.add(thread);
            }
            return thread;
        }
    }

    static List<Thread> threadList() {
        return new CopyOnWriteArrayList<>();
    }
}
