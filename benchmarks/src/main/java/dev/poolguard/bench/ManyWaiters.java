package dev.poolguard.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Contention (issue 12): many threads waiting at once on futures of ONE pool. Whatever the agent shares
 * between waits (a registry, a map of waits, a counter, the pool's own record) is written by every one of
 * them; here 64 threads do so concurrently, against the 1-waiter twin that has nobody to contend with.
 *
 * <p>One operation, per benchmark thread: {@code pool.submit(task).get()} on a fixed pool of 2 workers
 * shared by all benchmark threads. With 64 threads nearly every wait is on a task queued behind ~62 others
 * while both workers are busy, the case in which an agent that searched queues on every wait paid the
 * most. The time per operation is per thread (so about 64 task hand-offs for {@code waiters64}); only the
 * agent/plain ratio of each row matters, not the comparison of the two rows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ManyWaiters {
    private static final Callable<Integer> TASK = () -> 42;

    private ThreadPoolExecutor pool;

    @Setup
    public void setup() {
        pool = Pools.fixed(2, "many-waiters");
        pool.prestartAllCoreThreads();
    }

    @TearDown
    public void tearDown() {
        Pools.close(pool);
    }

    @Benchmark
    @Threads(64)
    public Integer waiters64() throws InterruptedException, ExecutionException {
        return pool.submit(TASK).get();
    }

    @Benchmark
    @Threads(1)
    public Integer waiters1() throws InterruptedException, ExecutionException {
        return pool.submit(TASK).get();
    }
}
