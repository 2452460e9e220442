package dev.poolguard.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code get} on a future that is already done: the cheapest and most frequent call, a few nanoseconds.
 *
 * <p>The agent rewrites only the blocking slow paths ({@code FutureTask.awaitDone},
 * {@code CompletableFuture.waitingGet/timedGet}), never {@code get} itself, so a finished future must cost
 * exactly what it costs without the agent. Any difference here would mean the rewrite changed how the JIT
 * compiles {@code get} (its inlining budget, for instance).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FinishedFutureGet {
    private FutureTask<Integer> task;
    private CompletableFuture<Integer> completable;

    @Setup
    public void setup() {
        task = new FutureTask<>(() -> 42);
        task.run();
        completable = CompletableFuture.completedFuture(42);
    }

    @Benchmark
    public Integer futureTaskGet() throws InterruptedException, ExecutionException {
        return task.get();
    }

    @Benchmark
    public Integer completableFutureGet() throws InterruptedException, ExecutionException {
        return completable.get();
    }
}
