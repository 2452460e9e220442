package dev.poolguard.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

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
 * An asynchronous pipeline on a pool: {@code supplyAsync} then {@code stages} (16) {@code thenApplyAsync}
 * stages, and a {@code join} on the last one.
 *
 * <p>{@link #chain} (the budgeted figure) runs the stages on a pool of one worker: each stage queues the
 * next behind itself, so the figure is the stages' own work plus what the agent adds to each. Its twin
 * {@link #chainTwoWorkers} hands stages between two workers while the joining thread waits: three
 * threads on the two cores of the reference machine, where who runs when swings single iterations from
 * 34 to 70 us without any agent. It is printed for information, not held to the budget.
 *
 * <p>Every stage is a pool task (worker-side task marking); the {@code supplyAsync} stage also goes
 * through the agent's {@code AsyncSupply.run} hook (which records which thread produces which future),
 * and the final {@code join} usually blocks, entering {@code CompletableFuture.waitingGet}'s wait hook.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CompletableFutureChain {
    private static final Supplier<Integer> ZERO = () -> 0;
    private static final Function<Integer, Integer> INC = x -> x + 1;

    @Param({"16"})
    public int stages;

    private ThreadPoolExecutor onePool;
    private ThreadPoolExecutor twoPool;

    @Setup
    public void setup() {
        onePool = Pools.fixed(1, "cf-chain-1");
        onePool.prestartAllCoreThreads();
        twoPool = Pools.fixed(2, "cf-chain-2");
        twoPool.prestartAllCoreThreads();
    }

    @TearDown
    public void tearDown() {
        Pools.close(onePool, twoPool);
    }

    @Benchmark
    public Integer chain() {
        return run(onePool);
    }

    @Benchmark
    public Integer chainTwoWorkers() {
        return run(twoPool);
    }

    private Integer run(ThreadPoolExecutor pool) {
        CompletableFuture<Integer> future = CompletableFuture.supplyAsync(ZERO, pool);
        for (int i = 0; i < stages; i++) {
            future = future.thenApplyAsync(INC, pool);
        }
        return future.join();
    }
}
