package dev.poolguard.bench;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
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
 * Cost against load (issue 12): one blocking wait on a task of pool B while B has {@code depth} tasks
 * queued, at 1,000 / 10,000 / 100,000. The agent/plain ratio must not grow with the depth.
 *
 * <p>What the figures measured is "time per wait" of a program that keeps a deep backlog, as in
 * {@code for (Future f : futures) f.get()} over a pool that is behind: every wait is on a task near the
 * front of a long queue while every worker of its pool is busy, the case in which an agent that analyses
 * on the wait's entry searches the queue. A wait that sat behind the whole backlog would time the
 * backlog's execution (O(depth) in both runs) and hide what the agent adds per wait; so the measured wait
 * here is on the FIRST queued task, with {@code depth - 1} more behind it.
 *
 * <p>Keeping the depth constant: B has one worker, and every task queued in B first takes a permit from
 * {@link #gate}. Between operations the worker is parked in the gate of the running task, and
 * {@link #window} holds that task's future followed by the {@code depth} queued ones. One operation waits
 * for the first queued task, and once it is done queues two more. Two permits let B go on: the running
 * task ends, the awaited one runs, the worker parks in the next one's gate. B so consumes exactly as fast
 * as the waiter asks, and its queue holds {@code depth} tasks when every wait begins, instead of draining
 * in a few milliseconds.
 *
 * <p>Who releases the permits: {@link #releaser}, a plain thread, once the waiter is parked. Were the
 * waiter to release them itself just before {@code get}, B's worker (often still spinning in the gate)
 * would race it, and a third of the waits would find the task running or done: no wait on a queued task,
 * or no wait at all. So each operation costs three thread wake-ups (releaser, B's worker, waiter), the
 * same in both runs; what the agent adds to entering and leaving the wait is the difference. Such waits
 * last tens of microseconds: an agent that analyses only waits parked for longer (the planned ~10 ms)
 * pays its registration here, and its analysis with a deep backlog is timed by {@link DeadlockDelay}.
 *
 * <ul>
 *   <li>{@code mainWaits}: the benchmark thread waits: one wait per operation.</li>
 *   <li>{@code poolTaskWaits}: the shape: a task of pool A (one worker, a "request thread")
 *       does the same step, so the backlog wait is a pool worker's (wait graph, own-pool risk check); the
 *       benchmark thread waits for A's task, a second, unloaded wait.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BacklogWait {
    @Param({"1000", "10000", "100000"})
    public int depth;

    private static final long SPIN_LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Semaphore gate = new Semaphore(0);
    /** Released by the waiter just before it waits: "release B's gate once I am parked". */
    private final Semaphore waiting = new Semaphore(0);
    private final ArrayDeque<Future<Integer>> window = new ArrayDeque<>();
    private final Callable<Integer> gated = () -> {
        gate.acquireUninterruptibly();
        return 42;
    };
    private volatile Thread waiter;
    private Thread releaser;
    private ThreadPoolExecutor a;
    private ThreadPoolExecutor b;
    private Callable<Integer> step;

    @Setup
    public void setup() {
        a = Pools.fixed(1, "backlog-a");
        a.prestartAllCoreThreads();
        List<Thread> bWorker = Pools.threadList();
        b = Pools.fixed(1, "backlog-b", bWorker);
        for (int i = 0; i <= depth; i++) {
            window.add(b.submit(gated));
        }
        Pools.awaitParked(bWorker, 1); // the worker holds the first task, in its gate: depth queued behind
        // The backlog is long-lived: move it out of the young generation now, or the first young GCs of
        // the measured iterations copy 100,000 tasks (160 ms seen in a 500 ms iteration) in one mode only.
        System.gc();
        step = this::step;
        releaser = new Thread(this::release, "backlog-releaser");
        releaser.setDaemon(true);
        releaser.start();
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        releaser.interrupt();
        releaser.join();
        gate.release(window.size() + 2);
        Pools.close(a, b);
        window.clear();
    }

    @Benchmark
    public Integer mainWaits() throws InterruptedException, ExecutionException {
        return step();
    }

    @Benchmark
    public Integer poolTaskWaits() throws InterruptedException, ExecutionException {
        return a.submit(step).get();
    }

    /** Wait for the first queued task, then queue two more: the depth is restored. */
    private Integer step() throws InterruptedException, ExecutionException {
        Future<Integer> running = window.poll();
        Future<Integer> firstQueued = window.poll();
        waiter = Thread.currentThread();
        waiting.release();
        Integer answer = firstQueued.get();
        window.add(b.submit(gated));
        window.add(b.submit(gated));
        return answer + running.get(); // done: B ran it before firstQueued; no second wait
    }

    /**
     * The releaser's loop: when a step announces its wait, spin until the waiter is parked (a few
     * microseconds at most: the releaser was itself asleep meanwhile), then let B run two tasks. The
     * limit only keeps a waiter that never parks (an agent that spins instead) from hanging the run.
     */
    private void release() {
        try {
            while (true) {
                waiting.acquire();
                Thread parked = waiter;
                long giveUp = System.nanoTime() + SPIN_LIMIT_NANOS;
                while (!Pools.parked(parked) && System.nanoTime() < giveUp) {
                    Thread.onSpinWait();
                }
                gate.release(2);
            }
        } catch (InterruptedException stop) {
            // tearDown
        }
    }
}
