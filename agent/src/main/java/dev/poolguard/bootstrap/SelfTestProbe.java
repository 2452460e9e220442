package dev.poolguard.bootstrap;

import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import dev.poolguard.bootstrap.Faults.Feature;
import dev.poolguard.bootstrap.detect.DeadlockDetector;
import dev.poolguard.bootstrap.detect.Verdict;

/**
 * The self-test's task ({@link SelfTest}), run by the only worker of the self-test's pool: checks what
 * worker tracking and deadlock detection see from inside a pool task, then stays running until the
 * self-test has looked at it from outside (the shutdown guard's view), so the pool has a task in flight.
 * The two threads hand over with {@code park}/{@code unpark} on volatile flags (a latch class would be
 * one more class to load at start-up); results are plain fields, published by {@link #checked}.
 */
final class SelfTestProbe implements Callable<Void> {
    private static final PoolRegistry REGISTRY = PoolguardRuntime.REGISTRY;
    private static final DeadlockWatch WATCH = PoolguardRuntime.WATCH;
    /** A wait this short still parks once, through the rewritten park, and costs no more than that. */
    private static final long TINY_WAIT_NANOS = 1_000;
    private static final long BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(SelfTest.BOUND_MILLIS);

    /** The future running this probe, which the self-test submits. */
    final FutureTask<Void> task = new FutureTask<>(this);
    private final Thread selfTest;
    private volatile boolean checked;
    private volatile boolean released;
    volatile Thread thread;
    boolean workerSeen;
    /** What deadlock detection was found missing, or null (fine, or not tested). */
    String detection;
    Throwable failure;

    SelfTestProbe(Thread selfTest) {
        this.selfTest = selfTest;
    }

    @Override
    public Void call() {
        Thread current = Thread.currentThread();
        thread = current;
        try {
            WorkerRecord worker = REGISTRY.workerOf(current);
            workerSeen = worker != null && worker.task() == task;
            if (workerSeen && Feature.DEADLOCK_DETECTION.enabled() && WATCH.tracking()) {
                try {
                    detection = checkDetection();
                } catch (Throwable unexpected) {
                    detection = "its check failed: " + unexpected;
                }
            }
        } catch (Throwable unexpected) {
            failure = unexpected;
        } finally {
            checked = true;
            LockSupport.unpark(selfTest);
            long deadline = System.nanoTime() + BOUND_NANOS;
            while (!released && deadline - System.nanoTime() > 0) {
                LockSupport.parkNanos(this, deadline - System.nanoTime());
            }
        }
        return null;
    }

    /** On the self-test's thread: waits (bounded) until the probe has checked; false if it never did. */
    boolean awaitChecked() {
        long deadline = System.nanoTime() + BOUND_NANOS;
        while (!checked && deadline - System.nanoTime() > 0) {
            LockSupport.parkNanos(this, deadline - System.nanoTime());
        }
        return checked;
    }

    /** On the self-test's thread: the probe may end. */
    void release() {
        released = true;
        Thread worker = thread;
        if (worker != null) {
            LockSupport.unpark(worker);
        }
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
