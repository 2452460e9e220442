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
 * End to end: the latency of one blocking {@code submit(...).get()} while {@link WaitingLoad} holds 1,000
 * waiting threads across 100 pools. Run with and without the agent; the difference is what one blocking
 * wait's deadlock check (plus wait registration) adds in a loaded program. Compare with
 * {@link SubmitGetRoundTrip}, the same operation with no other pools and no waits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BlockingGetUnderLoad {
    private static final Callable<Integer> TASK = () -> 42;

    private ThreadPoolExecutor probe;

    @Setup
    public void setup() {
        probe = Pools.fixed(2, "probe");
        probe.prestartAllCoreThreads();
    }

    @TearDown
    public void tearDown() {
        Pools.close(probe);
    }

    @Benchmark
    public Integer submitGet(WaitingLoad load) throws InterruptedException, ExecutionException {
        return probe.submit(TASK).get();
    }
}
