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
 * Task-in-task across pools, the healthy version of what the agent watches for: a task in pool A submits
 * to pool B and waits for that result; the benchmark thread waits for A's task.
 *
 * <p>One operation is two pool tasks and two blocking waits. A's worker waiting on B is a pool worker
 * waiting: with the agent it enters the wait graph, runs the deadlock check and the same-pool risk check
 * (B is another pool, so no risk is reported).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CrossPoolWait {
    private ThreadPoolExecutor a;
    private ThreadPoolExecutor b;
    private Callable<Integer> outer;

    @Setup
    public void setup() {
        a = Pools.fixed(2, "cross-a");
        b = Pools.fixed(2, "cross-b");
        a.prestartAllCoreThreads();
        b.prestartAllCoreThreads();
        ThreadPoolExecutor inner = b;
        Callable<Integer> task = () -> 42;
        outer = () -> inner.submit(task).get() + 1;
    }

    @TearDown
    public void tearDown() {
        Pools.close(a, b);
    }

    @Benchmark
    public Integer crossPool() throws InterruptedException, ExecutionException {
        return a.submit(outer).get();
    }
}
