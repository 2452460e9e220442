package dev.poolguard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The worst case for the deadlock check, live: {@code waiters} (1,000) blocked workers in {@code pools}
 * (100) saturated pools, chained so that one more wait must walk all of them before it finds progress.
 *
 * <p>Pool {@code i}'s workers each wait on a task queued in pool {@code i+1} (queued, not running: every
 * worker of {@code i+1} is itself waiting); the last pool's workers wait on tasks running on a "holder"
 * pool, parked on a latch. Nothing is deadlocked (releasing the latch unwinds everything), but a wait on a
 * task queued in pool 0 ({@link #closing}) depends on every one of the 1,000 waiters and 100 pools, and
 * every queue must be scanned to find where each awaited task is queued.
 */
@State(Scope.Benchmark)
public class ChainLoad {
    @Param({"1000"})
    public int waiters;

    @Param({"100"})
    public int pools;

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<ThreadPoolExecutor> all = new ArrayList<>();
    /** A task queued in the first pool of the chain. */
    Future<?> closing;

    @Setup(Level.Trial)
    public void setup() {
        int perPool = waiters / pools;
        ThreadPoolExecutor holder = Pools.fixed(perPool, "chain-holder");
        all.add(holder);
        List<Future<?>> targets = new ArrayList<>();
        for (int i = 0; i < perPool; i++) {
            targets.add(holder.submit(() -> {
                release.await();
                return null;
            }));
        }
        for (int p = pools - 1; p >= 0; p--) {
            List<Thread> workers = Pools.threadList();
            ThreadPoolExecutor pool = Pools.fixed(perPool, "chain" + p, workers);
            all.add(pool);
            for (Future<?> target : targets) {
                pool.submit(() -> target.get());
            }
            Pools.awaitParked(workers, perPool); // every worker is busy waiting: what comes next queues
            List<Future<?>> queued = new ArrayList<>();
            for (int i = 0; i < perPool; i++) {
                queued.add(pool.submit(() -> 42));
            }
            targets = queued;
        }
        closing = targets.get(0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        release.countDown();
        // the chain unwinds from the holder down to pool 0; close in creation order
        Pools.close(all.toArray(new ThreadPoolExecutor[0]));
    }
}
