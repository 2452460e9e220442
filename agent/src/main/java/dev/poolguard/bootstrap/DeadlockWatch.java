package dev.poolguard.bootstrap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;

import dev.poolguard.DeadlockDetectedException;
import dev.poolguard.bootstrap.DeadlockReport.PoolInfo;
import dev.poolguard.bootstrap.DeadlockReport.ThreadInfo;
import dev.poolguard.bootstrap.detect.DeadlockDetector;
import dev.poolguard.bootstrap.detect.Verdict;

/**
 * Watches blocking waits. When a wait begins it is entered in the wait graph and checked: if it can
 * never be satisfied it closed a deadlock, which is reported there and then (and, in fail mode, the
 * wait throws instead of blocking); otherwise, if a pool task waits on an unfinished task of its own
 * pool, that is reported once per call site and pool as a risk.
 */
public final class DeadlockWatch {
    /** Bounds the memory of what was reported (call sites are finite, but a generated program may not be). */
    private static final int MAX_REMEMBERED = 10_000;

    private final PoolRegistry registry;
    private final WaitRegistry waits = new WaitRegistry();
    private final StageTracker stages;
    private final Set<String> reportedRisks = ConcurrentHashMap.newKeySet();
    private final Set<String> reportedDeadlocks = ConcurrentHashMap.newKeySet();
    /** The reported deadlocks each thread is in, so they can be forgotten when its wait ends. */
    private final Map<Thread, List<String>> participantKeys = new ConcurrentHashMap<>();
    /** Taken only when a wait closes a deadlock: rare, and never on a task's path. */
    private final Object verdictLock = new Object();
    private volatile DeadlockMode mode = DeadlockMode.OFF;
    private volatile boolean risks;
    private volatile EventSink sink = EventSink.NONE;

    public DeadlockWatch(PoolRegistry registry) {
        this.registry = registry;
        this.stages = new StageTracker(registry, waits);
    }

    public void configure(DeadlockMode deadlockMode, boolean reportRisks, EventSink eventSink) {
        this.sink = eventSink;
        this.risks = reportRisks;
        this.mode = deadlockMode;
    }

    public boolean tracking() {
        return mode != DeadlockMode.OFF;
    }

    /**
     * The current thread starts blocking on {@code future}. Returns the exception the wait must throw
     * (fail mode, certain deadlock), or null to let it block.
     */
    public DeadlockDetectedException waitStarting(Object future, boolean timed) {
        Thread current = Thread.currentThread();
        waits.started(current, future, timed);
        LiveWaitModel model = new LiveWaitModel(registry, waits, stages, current);
        Verdict<Thread, Object, PoolRecord> verdict = DeadlockDetector.check(model, current);
        if (verdict != null) {
            // the graph is read live and unlocked: confirm on a fresh reading before saying "deadlock"
            model = new LiveWaitModel(registry, waits, stages, current);
            verdict = DeadlockDetector.check(model, current);
        }
        if (verdict == null || !verdict.closesLoop()) {
            // no deadlock, or one closed (and reported) by another wait: block as without the agent
            if (verdict == null && risks) {
                checkRisk(model, current, future);
            }
            return null;
        }
        // Several waits may close the same ring at once. One at a time, each checks again: after the first
        // reported it (and, failing, left the ring), the others find it reported, or already broken.
        synchronized (verdictLock) {
            model = new LiveWaitModel(registry, waits, stages, current);
            verdict = DeadlockDetector.check(model, current);
            if (verdict == null || !verdict.closesLoop()) {
                return null;
            }
            String key = key(verdict, model);
            if (!remember(reportedDeadlocks, key)) {
                return null;
            }
            for (Thread participant : verdict.threads()) {
                participantKeys.computeIfAbsent(participant, t -> new ArrayList<>()).add(key);
            }
            DeadlockReport report = describe(verdict, model, current);
            sink.deadlock(report);
            if (mode == DeadlockMode.FAIL && !verdict.timed()) {
                waitEnded(); // leaves the ring before any other closer checks again
                return new DeadlockDetectedException(report.summary());
            }
            return null;
        }
    }

    /**
     * The current thread's wait ended, however it ended. A deadlock it was part of is over (timed out,
     * thrown, broken): if the same ring forms again, it is a new deadlock, reported again.
     */
    public void waitEnded() {
        Thread current = Thread.currentThread();
        waits.ended(current);
        List<String> keys = participantKeys.remove(current);
        if (keys != null) {
            reportedDeadlocks.removeAll(keys);
        }
    }

    public void stageStarting(Object future) {
        stages.starting(future);
    }

    public void stageFinished() {
        stages.finished();
    }

    /** A pool worker waiting on an unfinished task of its own pool, queued or running on another worker. */
    private void checkRisk(LiveWaitModel model, Thread current, Object future) {
        PoolRecord own = model.poolOf(current);
        if (own == null || model.isDone(future)) {
            return;
        }
        Thread runner = model.runnerOf(future);
        boolean samePool = runner != null ? runner != current && model.poolOf(runner) == own
                : LiveWaitModel.holds(own, future) || handedToWorkerOf(own, future); // own queue only
        if (!samePool) {
            return;
        }
        StackTraceElement[] stack = Stacks.here();
        String site = callSite(stack);
        if (remember(reportedRisks, own.id() + "|" + site)) {
            sink.risk(new RiskReport("SAME_POOL_WAIT", own.id(), current.getName(), site,
                    TaskDescriber.describe(future), stack));
        }
    }

    /** Whether a worker of {@code pool} holds the task of {@code future} as its first task, not started yet. */
    private static boolean handedToWorkerOf(PoolRecord pool, Object future) {
        for (WorkerRecord worker : pool.workersNow()) {
            Runnable task = worker.task();
            if (task != null && (task == future || JucAccess.stageFuture(task) == future)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first frame outside {@code java.util.concurrent}: the code that called {@code get},
     * {@code join} or {@code invokeAll}, not the JDK method that waits on its behalf.
     */
    static String callSite(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (!frame.getClassName().startsWith("java.util.concurrent.")) {
                return frame.getClassName() + "." + frame.getMethodName() + "("
                        + (frame.getFileName() == null ? "Unknown Source" : frame.getFileName()
                        + (frame.getLineNumber() >= 0 ? ":" + frame.getLineNumber() : "")) + ")";
            }
        }
        return "unknown";
    }

    private static boolean remember(Set<String> seen, String key) {
        if (seen.contains(key)) {
            return false;
        }
        if (seen.size() >= MAX_REMEMBERED) {
            return true; // stop remembering, keep reporting: better repeated than silent
        }
        return seen.add(key);
    }

    /** Same threads waiting on the same futures is the same deadlock, whoever noticed it. */
    private static String key(Verdict<Thread, Object, PoolRecord> verdict, LiveWaitModel model) {
        List<String> parts = new ArrayList<>();
        for (Thread thread : verdict.threads()) {
            parts.add(thread.getId() + ":" + System.identityHashCode(model.awaitedBy(thread)));
        }
        Collections.sort(parts);
        return verdict.kind() + (verdict.timed() ? " timed" : "") + parts.toString();
    }

    private DeadlockReport describe(Verdict<Thread, Object, PoolRecord> verdict, LiveWaitModel model, Thread current) {
        List<ThreadInfo> threads = new ArrayList<>();
        for (Thread thread : verdict.threads()) {
            PoolRecord pool = model.poolOf(thread);
            threads.add(new ThreadInfo(thread.getName(), pool == null ? null : pool.id(), taskOf(thread),
                    TaskDescriber.describe(model.awaitedBy(thread)),
                    Stacks.of(thread)));
        }
        List<PoolInfo> pools = new ArrayList<>();
        for (PoolRecord record : verdict.pools()) {
            ThreadPoolExecutor pool = record.pool();
            if (pool != null) {
                pools.add(new PoolInfo(record.id(), pool.getClass().getName(), pool.getPoolSize(),
                        pool.getMaximumPoolSize(), pool.getQueue().size()));
            }
        }
        return new DeadlockReport(verdict.kind().name(), verdict.timed(), threads, pools);
    }

    /** What a thread runs: its pool task, or the async stage it works on, or null when unknown. */
    private String taskOf(Thread thread) {
        WorkerRecord worker = registry.workerOf(thread);
        if (worker != null && worker.task() != null) {
            return TaskDescriber.describe(worker.task());
        }
        Object stage = worker != null ? worker.producing() : stages.producedBy(thread);
        return stage == null ? null : "async stage completing " + TaskDescriber.describe(stage);
    }
}
