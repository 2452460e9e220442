package dev.poolguard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A busy program with no deadlock: {@code waiters} (1,000) pool workers across {@code pools} (100) pools,
 * every one blocked in {@code FutureTask.get} on a task of ANOTHER pool (the "holder" pool, one thread
 * per awaited task) whose tasks are parked on a latch. Built once per fork, released at its end.
 *
 * <p>With the agent, the wait graph then holds 1,000 waits, the registry 100 + 2 live pools and
 * 2,000+ workers: the state in which the cost of one more blocking wait's deadlock check is measured.
 * Without the agent it is the same threads, so the plain run pays the same scheduler and GC-root costs.
 *
 * <p>It also offers futures to wait on: {@link #running}, a task running on a holder thread that waits
 * on nothing (the check ends after one step); {@link #queued}, a task queued behind the only, busy worker
 * of a one-thread pool (the check must find which pool queues it and whether that pool can progress);
 * and {@link #unstarted}, a task neither running nor queued (the check looks for it in every queue).
 */
@State(Scope.Benchmark)
public class WaitingLoad {
    @Param({"1000"})
    public int waiters;

    @Param({"100"})
    public int pools;

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<ThreadPoolExecutor> all = new ArrayList<>();
    /** A task running on a thread that is not waiting on anything tracked. */
    Future<?> running;
    /** A task queued in a one-thread pool whose only worker is busy (parked on the latch). */
    Future<?> queued;
    /**
     * A task that no pool queues and no thread runs yet: what a {@code submit(...).get()} often waits on,
     * when the worker has taken the task from the queue but not started it, or when the task is a plain
     * {@code FutureTask} run by some thread later.
     */
    Future<?> unstarted = new FutureTask<>(() -> 42);

    @Setup(Level.Trial)
    public void setup() {
        if (waiters % pools != 0) {
            throw new IllegalArgumentException("waiters must be a multiple of pools");
        }
        ThreadPoolExecutor holder = Pools.fixed(waiters + 1, "holder");
        all.add(holder);
        List<Future<?>> held = new ArrayList<>();
        for (int i = 0; i < waiters + 1; i++) {
            held.add(holder.submit(this::park));
        }
        running = held.get(waiters);

        List<Thread> waiting = Pools.threadList();
        int perPool = waiters / pools;
        for (int p = 0; p < pools; p++) {
            ThreadPoolExecutor pool = Pools.fixed(perPool, "waiters" + p, waiting);
            all.add(pool);
            for (int w = 0; w < perPool; w++) {
                Future<?> awaited = held.get(p * perPool + w);
                pool.submit(() -> awaited.get());
            }
        }
        Pools.awaitParked(waiting, waiters);

        List<Thread> busy = Pools.threadList();
        ThreadPoolExecutor single = Pools.fixed(1, "single", busy);
        all.add(single);
        single.submit(this::park);
        queued = single.submit(() -> 42);
        Pools.awaitParked(busy, 1);
    }

    private Object park() throws InterruptedException {
        release.await();
        return null;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        release.countDown();
        Pools.close(all.toArray(new ThreadPoolExecutor[0]));
    }
}
