package dev.poolguard.bootstrap;

import dev.poolguard.bootstrap.pools.JucAccess;
import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.pools.WorkerRecord;
import dev.poolguard.bootstrap.shutdown.ShutdownGuard;
import dev.poolguard.bootstrap.waits.DeadlockWatch;
import dev.poolguard.bootstrap.waits.GraphWaitModel;
import dev.poolguard.bootstrap.waits.LiveWaitModel;
import dev.poolguard.bootstrap.waits.StageTracker;
import dev.poolguard.bootstrap.waits.WaitGraph;
import dev.poolguard.bootstrap.waits.WaitSlot;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.poolguard.bootstrap.Faults.Feature;
import dev.poolguard.bootstrap.detect.DeadlockDetector;
import dev.poolguard.bootstrap.detect.Verdict;

/**
 * The self-test's task ({@link SelfTest}), run by the only worker of the self-test's pool: checks, from
 * inside a running pool task, what worker tracking, deadlock detection and the shutdown guard see. Every
 * check runs here, so the self-test's own thread only submits the probe and joins the worker: each hand-over
 * between threads costs a scheduling delay, and while the JVM starts, its compiler threads keep both cores
 * of a small machine busy. Results are plain fields, published by the worker's end (the self-test joins it).
 */
final class SelfTestProbe implements Callable<Void> {
    private static final PoolRegistry REGISTRY = PoolguardRuntime.REGISTRY;
    private static final DeadlockWatch WATCH = PoolguardRuntime.WATCH;
    private static final ShutdownGuard SHUTDOWN = PoolguardRuntime.SHUTDOWN;
    /** A wait this short still parks once, through the rewritten park, and costs no more than that. */
    private static final long TINY_WAIT_NANOS = 1_000;

    /** The future running this probe, which the self-test submits. */
    final FutureTask<Void> task = new FutureTask<>(this);
    private final boolean breakGuard;
    boolean workerSeen;
    /** What deadlock detection, the shutdown guard was found missing, or null (fine, or not tested). */
    String detection;
    String guard;
    Throwable failure;

    /** {@code breakGuard}: the guard's check fails on purpose (the self-test's break property). */
    SelfTestProbe(boolean breakGuard) {
        this.breakGuard = breakGuard;
    }

    @Override
    public Void call() {
        try {
            WorkerRecord worker = REGISTRY.workerOf(Thread.currentThread());
            workerSeen = worker != null && worker.task() == task;
            if (!workerSeen) {
                return null;
            }
            if (Feature.DEADLOCK_DETECTION.enabled() && WATCH.tracking()) {
                try {
                    detection = checkDetection();
                } catch (Throwable unexpected) {
                    detection = "its check failed: " + unexpected;
                }
            }
            if (Feature.SHUTDOWN_GUARD.enabled() && SHUTDOWN.on()) {
                guard = breakGuard ? "broken on purpose (" + SelfTest.BREAK_PROPERTY + ")" : checkGuard(worker);
            }
        } catch (Throwable unexpected) {
            failure = unexpected;
        }
        return null;
    }

    /**
     * Null when the drain would wait for this probe: while it runs, its pool does not count as settled
     * (the same worker record the end lists running tasks from); else what the drain misses.
     */
    private static String checkGuard(WorkerRecord worker) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SelfTest.BOUND_MILLIS);
        if (SHUTDOWN.settled(worker.pool(), deadline)) {
            return "the drain would not wait for a task running on a tracked pool";
        }
        return null;
    }

    /** Null when deadlock detection works on this JVM, else what does not. */
    private String checkDetection() throws Exception {
        if (!JucAccess.available()) {
            return "poolguard cannot read the private fields of java.util.concurrent it needs"
                    + " (FutureTask.runner, the async stages' dep)";
        }
        WaitSlot slot = WaitSlot.current();
        long parkedBefore = slot.parkedSince;
        try {
            // a future nobody runs: no deadlock, no risk, whatever happens to this wait
            new FutureTask<Void>(Nothing.INSTANCE).get(TINY_WAIT_NANOS, TimeUnit.NANOSECONDS);
        } catch (TimeoutException expected) {
            // the wait is over; its first park went through poolguard if the rewrite works
        }
        if (!Feature.DEADLOCK_DETECTION.enabled()) {
            return null; // it failed inside poolguard: the fault itself is the finding
        }
        if (slot.parkedSince == parkedBefore) {
            return "a blocking FutureTask.get does not reach poolguard (the rewritten wait is not in effect)";
        }
        // the probe waits on its own future, registered as the rewritten wait registers it; analysed here,
        // never parked, so the watch itself never analyses (or reports) it
        WATCH.waitStarting(task, false);
        String kind;
        try {
            kind = quietVerdict(slot);
        } finally {
            WATCH.waitEnded();
        }
        if (!"SELF_WAIT".equals(kind)) {
            return "a task waiting on its own future was not found deadlocked (found: "
                    + (kind == null ? "no deadlock" : kind) + ")";
        }
        return null;
    }

    /**
     * The detector's verdict on this thread's registered wait, by the same two models the watch uses (the
     * cheap one, confirmed by the exact one), over a wait graph holding this wait alone: no other thread's
     * analysis sees it, and nothing is reported.
     */
    private static String quietVerdict(WaitSlot slot) {
        Thread current = slot.thread;
        WaitGraph alone = new WaitGraph();
        alone.enter(slot);
        try {
            StageTracker stages = new StageTracker(REGISTRY, alone);
            Verdict<Thread, Object, PoolRecord> verdict =
                    DeadlockDetector.check(new GraphWaitModel(REGISTRY, alone, stages, current), current);
            if (verdict != null && verdict.closesLoop()) {
                verdict = DeadlockDetector.check(new LiveWaitModel(REGISTRY, alone, stages, current), current);
            }
            return verdict == null || !verdict.closesLoop() ? null : verdict.kind().name();
        } finally {
            alone.leave(slot);
        }
    }

    /** Does nothing; a class, not a lambda (a lambda would be spun at start-up). */
    private static final class Nothing implements Callable<Void> {
        static final Nothing INSTANCE = new Nothing();

        @Override
        public Void call() {
            return null;
        }
    }
}
