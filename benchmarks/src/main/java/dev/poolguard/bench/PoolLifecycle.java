package dev.poolguard.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The per-pool and per-worker bookkeeping: create a one-thread pool, run one task through it, shut it
 * down and wait until its worker has exited.
 *
 * <p>With the agent, the first worker creates the pool's record (a weakly held entry with a readable id)
 * and each worker is entered in the registry at spawn and removed at exit. Running this millions of times
 * also exercises "nothing retained for dead pools and threads": a leak would show as rising GC time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PoolLifecycle {
    private static final Callable<Integer> TASK = () -> 42;

    @Benchmark
    public Integer createRunShutdown() throws InterruptedException, ExecutionException {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>());
        Integer result = pool.submit(TASK).get();
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pool did not terminate");
        }
        return result;
    }
}
