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
 * stages, all on a fixed pool of 2 workers, and a {@code join} on the last one.
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

    private ThreadPoolExecutor pool;

    @Setup
    public void setup() {
        pool = Pools.fixed(2, "cf-chain");
        pool.prestartAllCoreThreads();
    }

    @TearDown
    public void tearDown() {
        Pools.close(pool);
    }

    @Benchmark
    public Integer chain() {
        CompletableFuture<Integer> future = CompletableFuture.supplyAsync(ZERO, pool);
        for (int i = 0; i < stages; i++) {
            future = future.thenApplyAsync(INC, pool);
        }
        return future.join();
    }
}
