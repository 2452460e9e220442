package dev.poolguard.bench;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The agent's own work for one long blocking wait, live, with the agent attached (agent-only benchmark):
 * what the rewritten {@code FutureTask.awaitDone} calls first ({@code PoolguardHooks.waitStarting}: register
 * the wait, the same-pool risk check), the analysis the wait runs once it has been parked 10 ms (enter the
 * graph of long waits, the detector's walk from it) and the end of the wait ({@code waitEnded}), called
 * directly so that no parking or wake-up is in the figure. A wait answered within 10 ms runs no analysis.
 *
 * <ul>
 *   <li>{@code runningTask}: 1,000 waiters across 100 pools ({@link WaitingLoad}); the awaited task runs on a
 *       thread that waits on nothing. The common case: the check ends after one step.</li>
 *   <li>{@code queuedTask}: same load; the awaited task is queued behind the busy only worker of a pool,
 *       by another thread (so the waiter has no note of where it went): no queue is read unless a pool is
 *       stuck (every worker in a long wait), and here none is.</li>
 *   <li>{@code unstartedTask}: same load; the awaited task is neither running nor queued anywhere (in a
 *       {@code submit(...).get()}, the task a worker has taken from the queue but not started yet).</li>
 *   <li>{@code fullWalk}: {@link ChainLoad}, the worst case: the wait depends on all 1,000 waiters and 100
 *       saturated pools, so the detector walks the whole graph and the stuck pools' queues are read.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DeadlockCheck {
    @Setup
    public void setup() {
        Agent.requireAttached("DeadlockCheck");
    }

    @Benchmark
    public void runningTask(WaitingLoad load) throws Throwable {
        check(load.running);
    }

    @Benchmark
    public void queuedTask(WaitingLoad load) throws Throwable {
        check(load.queued);
    }

    @Benchmark
    public void unstartedTask(WaitingLoad load) throws Throwable {
        check(load.unstarted);
    }

    @Benchmark
    public void fullWalk(ChainLoad load) throws Throwable {
        check(load.closing);
    }

    private static void check(Future<?> future) throws Throwable {
        Object awaited = future;
        Agent.WaitHooks.WAIT_STARTING.invokeExact(awaited);
        Object verdict = (Object) Agent.WaitHooks.ANALYSE.invokeExact();
        Agent.WaitHooks.WAIT_ENDED.invokeExact(awaited);
        if (verdict != null) {
            throw new IllegalStateException("a healthy check found a deadlock: " + verdict);
        }
    }
}
