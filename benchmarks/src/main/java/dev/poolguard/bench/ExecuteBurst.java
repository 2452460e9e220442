package dev.poolguard.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Fire-and-forget throughput: a burst of {@code execute} calls of a trivial task, then wait until all ran.
 *
 * <p>One operation is {@code tasks} (1,000) {@code execute} calls on a fixed pool of 2 workers, then a
 * latch await. No future, no blocking {@code get}: this isolates the per-task worker-side cost of the
 * agent (the record of the task a worker runs, set and cleared around every task in {@code runWorker}).
 * The latch is not a tracked wait.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExecuteBurst {
    @Param({"1000"})
    public int tasks;

    private ThreadPoolExecutor pool;

    @Setup
    public void setup() {
        pool = Pools.fixed(2, "burst");
        pool.prestartAllCoreThreads();
    }

    @TearDown
    public void tearDown() {
        Pools.close(pool);
    }

    @Benchmark
    public long burst() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(tasks);
        Runnable task = done::countDown;
        for (int i = 0; i < tasks; i++) {
            pool.execute(task);
        }
        done.await();
        return done.getCount();
    }
}
