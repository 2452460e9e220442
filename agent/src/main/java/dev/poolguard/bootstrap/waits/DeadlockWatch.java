package dev.poolguard.bootstrap.waits;

import dev.poolguard.bootstrap.EventSink;
import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.pools.PoolSubmitters;
import dev.poolguard.bootstrap.pools.WorkerRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.locks.LockSupport;

import dev.poolguard.DeadlockDetectedException;
import dev.poolguard.bootstrap.detect.DeadlockDetector;
import dev.poolguard.bootstrap.detect.Verdict;

/**
 * Watches blocking waits. A wait is registered when it begins, in its thread's own {@link WaitSlot} (a
 * few stores), and noted as a same-pool wait if a pool task waits on an unfinished task of its own pool
 * ({@link SamePoolRisk}). Nothing else happens while the wait is short. Once it has been
 * parked for {@link WaitSlot#FIRST_CHECK_NANOS}, its own thread analyses it from the rewritten park (and
 * again, backing off, for as long as it stays parked): it enters the {@link WaitGraph} of long waits and
 * the detector walks that graph from it. If the wait can never be satisfied it closed a deadlock, which
 * is confirmed against the queues, reported ({@link DeadlockDescriber}), and in fail mode thrown out of
 * the wait.
 *
 * <p>So a deadlock is reported at most {@code FIRST_CHECK_NANOS} plus one analysis after the wait that
 * closes it begins (its last wait to become long sees all the others in the graph), and a wait that is
 * answered in time costs no analysis at all, whatever the program's load.
 */
public final class DeadlockWatch {
    private final PoolRegistry registry;
    private final WaitGraph waits = new WaitGraph();
    private final StageTracker stages;
    private final SamePoolRisk samePoolRisk;
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
        this.samePoolRisk = new SamePoolRisk(registry);
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
     * The current thread starts blocking on {@code future}: registered, and checked for a same-pool risk.
     * The risk is reported when the wait ends or at its first analysis, whichever comes first, and only if
     * that analysis did not find the wait in a deadlock (a wait found to be a deadlock is no risk).
     */
    public void waitStarting(Object future, boolean timed) {
        WaitSlot slot = WaitSlot.current();
        slot.begin(future, timed);
        slot.riskPending = risks && samePoolRisk.isSamePoolWait(slot, future);
    }

    /**
     * The current thread's registered wait is about to park at {@code now}. Returns how long it may park
     * before its next check (the caller parks no longer than that, and no longer than its own timeout):
     * negative before the wait's first analysis (it parks for minus that), positive after it, 0 when it is
     * not a registered wait. Throws the wait's {@link DeadlockDetectedException} in fail mode when this
     * check finds that the wait closed a deadlock.
     */
    public long parking(long now) {
        WaitSlot slot = WaitSlot.current();
        if (slot.future == null) {
            return 0L;
        }
        if (slot.riskPending && slot.pendingRisk == null) {
            samePoolRisk.capture(slot); // the first park: the wait really blocks, on a task not finished yet
        }
        throwIfPosted(slot);
        if (slot.checkDue(now)) {
            DeadlockDetectedException verdict = analyse(slot);
            if (verdict != null) {
                throw verdict;
            }
            slot.analysed = true;
            slot.scheduleNextCheck(now);
            // posted while this wait was being analysed: the wake-up meant for it may have been taken by a
            // lock the analysis waited for, so it is not left to the next park
            throwIfPosted(slot);
        }
        long slice = Math.max(1L, slot.checkAt - now);
        return slot.analysed ? slice : -slice;
    }

    /** Another wait of the deadlock found it, and this wait, parked last, closed it: it throws. */
    private void throwIfPosted(WaitSlot slot) {
        DeadlockDetectedException posted = slot.posted;
        if (posted != null) {
            waitEnded();
            posted.fillInStackTrace();
            throw posted;
        }
    }

    /**
     * Analyses the calling thread's registered wait now, as its first check would once it had been parked
     * a while (for benchmarks and tests of the analysis). Null when it waits on nothing, or no deadlock.
     */
    public DeadlockDetectedException analyseCurrentWait() {
        WaitSlot slot = WaitSlot.current();
        return slot.future == null ? null : analyse(slot);
    }

    /**
     * Analyses the current thread's wait: it enters the graph of long waits, and the detector walks the
     * graph from it. Returns the exception the wait must throw (fail mode, certain deadlock), or null.
     */
    DeadlockDetectedException analyse(WaitSlot slot) {
        Thread current = slot.thread;
        waits.enter(slot);
        Verdict<Thread, Object, PoolRecord> verdict =
                DeadlockDetector.check(new GraphWaitModel(registry, waits, stages, current), current);
        if (slot.riskPending) {
            if (verdict == null) {
                samePoolRisk.report(slot, sink); // a wait found to be (part of) a deadlock is no risk
            }
            slot.forgetRisk();
        }
        if (verdict == null || !verdict.closesLoop()) {
            // no deadlock, or one closed (and reported) by another wait: block as without the agent
            return null;
        }
        // Several waits may find the same ring at once (each wait of a deadlock is checked again while it
        // stays parked). One at a time, each checks again, reading the queues this time: the first reports
        // it, the others find it reported, or already broken.
        synchronized (verdictLock) {
            LiveWaitModel model = new LiveWaitModel(registry, waits, stages, current);
            verdict = DeadlockDetector.check(model, current);
            if (verdict == null || !verdict.closesLoop()) {
                return null;
            }
            // The deadlock is the closing wait's, whoever noticed it: the wait of the ring parked last. The
            // report starts from it, and in fail mode it is the wait that throws.
            Thread closer = parkedLast(verdict.threads(), slot);
            if (closer != current) {
                LiveWaitModel closerModel = new LiveWaitModel(registry, waits, stages, closer);
                Verdict<Thread, Object, PoolRecord> fromCloser = DeadlockDetector.check(closerModel, closer);
                if (fromCloser != null && fromCloser.closesLoop()) {
                    verdict = fromCloser;
                    model = closerModel;
                } else {
                    closer = current; // the last one parked only hangs off the ring: this wait closes it
                }
            }
            String key = DeadlockDescriber.key(verdict, model);
            if (!SamePoolRisk.remember(reportedDeadlocks, key)) {
                return null;
            }
            for (Thread participant : verdict.threads()) {
                participantKeys.computeIfAbsent(participant, t -> new ArrayList<>()).add(key);
            }
            DeadlockReport report = DeadlockDescriber.describe(verdict, model, registry, stages);
            sink.deadlock(report);
            if (mode != DeadlockMode.FAIL || verdict.timed()) {
                return null;
            }
            DeadlockDetectedException failure = new DeadlockDetectedException(report.summary());
            if (closer == current) {
                waitEnded(); // leaves the ring before any other closer checks again
                return failure;
            }
            WaitSlot closing = waits.slotOf(closer);
            if (closing != null) {
                closing.posted = failure; // thrown by the closing wait itself, as soon as it wakes
                LockSupport.unpark(closer);
            }
            return null;
        }
    }

    /** Of {@code threads}, the one whose wait first parked last (the analysing thread if none is known). */
    private Thread parkedLast(List<Thread> threads, WaitSlot own) {
        Thread last = own.thread;
        long lastParked = own.parkedSince;
        for (Thread thread : threads) {
            WaitSlot other = thread == own.thread ? own : waits.slotOf(thread);
            if (other != null && other.parkedSince - lastParked > 0) {
                last = thread;
                lastParked = other.parkedSince;
            }
        }
        return last;
    }

    /**
     * The current thread's wait ended, however it ended. A deadlock it was part of is over (timed out,
     * thrown, broken): if the same ring forms again, it is a new deadlock, reported again.
     */
    public void waitEnded() {
        WaitSlot slot = WaitSlot.current();
        if (slot.timed && !slot.analysed && slot.checkAt != 0L
                && slot.future instanceof java.util.concurrent.Future<?> f && !f.isDone()
                && System.nanoTime() - slot.checkAt >= 0L) {
            // a timed wait that timed out past its first check without being analysed (its thread was not
            // scheduled in time): analysed now, while the rest of a deadlock it closed is still in place
            analyse(slot);
        }
        if (slot.riskPending) {
            if (slot.pendingRisk == null) {
                samePoolRisk.capture(slot); // answered before it ever parked
            }
            samePoolRisk.report(slot, sink); // ended before its first analysis: a same-pool wait that went well this time
            slot.forgetRisk();
        }
        if (slot.inGraph && participantKeys.containsKey(slot.thread)) {
            // A reported deadlock's wait leaves under the verdict lock, all at once: a check that saw it in
            // its ring either finished before (and found the ring reported), or runs after it left the
            // graph and no longer sees the ring. Never half: in the graph with its future already gone.
            synchronized (verdictLock) {
                waits.leave(slot);
                slot.end();
                List<String> keys = participantKeys.remove(slot.thread);
                if (keys != null) {
                    reportedDeadlocks.removeAll(keys);
                }
            }
        } else {
            waits.leave(slot);
            slot.end();
        }
    }

    /**
     * The current thread handed {@code task} to {@code pool}: a wait on it will know where it is queued, and
     * the pool counts the thread among its submitters ({@link PoolSubmitters}: whether it may still grow).
     * The steady state reads the thread's own slot only; a thread's first submission to a pool (or one its
     * slot no longer remembers) looks the pool up, and notes it there.
     */
    public void submitting(ThreadPoolExecutor pool, Object task) {
        WaitSlot slot = WaitSlot.current();
        slot.submitted(pool, task);
        if (!slot.knownSubmitterOf(pool)) {
            PoolRecord record = registry.pool(pool, null); // made here, before its first worker, if new
            record.submitters.submitting(slot.thread);
            slot.submitterOf(record);
        }
    }

    /** The current thread is a worker of a pool, running its loop. */
    public void workerStarted(WorkerRecord worker) {
        WaitSlot slot = WaitSlot.current();
        slot.worker = worker;
        worker.waits = slot;
    }

    public void stageStarting(Object future) {
        stages.starting(future);
    }

    public void stageFinished() {
        stages.finished();
    }

}
