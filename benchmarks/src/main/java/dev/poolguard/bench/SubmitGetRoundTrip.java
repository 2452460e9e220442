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

/**
 * The most common pool use: submit a task from an outside thread and wait for its result.
 *
 * <p>One operation is {@code pool.submit(task).get()} on a fixed pool of 2 workers. With the agent this
 * crosses every hot hook: the worker marks the task it runs ({@code runWorker}: two stores per task),
 * and the caller's {@code get} usually blocks (the worker has not finished yet), so {@code FutureTask.awaitDone}
 * enters the wait registry and runs the deadlock check's fast path before parking.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SubmitGetRoundTrip {
    private static final Callable<Integer> TASK = () -> 42;

    private ThreadPoolExecutor pool;

    @Setup
    public void setup() {
        pool = Pools.fixed(2, "submit-get");
        pool.prestartAllCoreThreads();
    }

    @TearDown
    public void tearDown() {
        Pools.close(pool);
    }

    @Benchmark
    public Integer submitGet() throws InterruptedException, ExecutionException {
        return pool.submit(TASK).get();
    }
}
