package dev.poolguard.bootstrap.waits;

import dev.poolguard.bootstrap.pools.JucAccess;
import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.PoolSubmitters;
import dev.poolguard.bootstrap.pools.WorkerRecord;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * One thread's blocking wait, kept in a field of the thread's own slot: entering and leaving a wait are a
 * few plain stores, with no map, no lock and no allocation (the slot is made once per thread).
 *
 * <p>A wait is only registered here when it begins. It becomes visible to other threads' analyses only
 * once it has been parked for {@link #FIRST_CHECK_NANOS} and its own thread analysed it: then it is
 * entered in the {@link WaitGraph}. A wait that the other side satisfies within that time, which is nearly
 * every wait, never touches anything shared. A deadlock is found by the analysis of its last wait to be
 * parked that long, and at the latest at that wait's next check.
 *
 * <p>Also kept here: the thread's last submission to a pool (task and pool), so that a wait on a task the
 * thread has just submitted knows where the task is queued without reading any queue. Written by the
 * owning thread only; other threads read {@link #future}, {@link #timed}, {@link #queuedIn} and
 * {@link #worker} once the wait is in the graph (the graph's map publishes them).
 */
public final class WaitSlot {
    /** How long a wait is parked before its first analysis: waits answered sooner cost nothing more. */
    static final long FIRST_CHECK_NANOS = 10_000_000L;
    /** Later checks of the same wait back off, doubling up to this interval (deadlocks closed by others). */
    static final long MAX_CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private static final ThreadLocal<WaitSlot> SLOTS = new ThreadLocal<>() {
        @Override
        protected WaitSlot initialValue() {
            return new WaitSlot(Thread.currentThread());
        }
    };

    public final Thread thread;
    /** The future this thread is blocked on, or null. */
    public volatile Object future;
    boolean timed;
    /** The pool the awaited task was handed to by this thread (its last submission), or null: unknown. */
    volatile ThreadPoolExecutor queuedIn;
    /** When the wait first parked (System.nanoTime): the wait of a deadlock parked last is the one that closed it. */
    public long parkedSince;
    /** A deadlock this wait closed, found by another wait's analysis: thrown here when this wait wakes (fail mode). */
    volatile dev.poolguard.DeadlockDetectedException posted;
    /** When the next analysis is due (System.nanoTime), or 0 before the wait first parked. */
    long checkAt;
    /** The interval before the check after the next one. */
    long interval;
    /** Whether this wait has been analysed at least once. */
    boolean analysed;
    /** Whether the wait is in the graph (set and cleared by the owner, under the graph's map). */
    boolean inGraph;
    /** A same-pool wait, to be reported as a risk unless its first analysis finds it in a deadlock. */
    boolean riskPending;
    /** What its report will say, captured on its first park (while the awaited task is unfinished), and its key. */
    RiskReport pendingRisk;
    String pendingRiskKey;
    /** This thread's worker record while it runs a pool's loop, else null. */
    public volatile WorkerRecord worker;

    /** The last task this thread handed to a pool, and the pool; cleared when a wait or a task consumes it. */
    Object submitted;
    ThreadPoolExecutor submittedTo;

    /**
     * Records of pools this thread is known to have submitted to ({@link PoolSubmitters} keeps it for as
     * long as it lives), and their pools' identity hashes, so that its later submissions there cost a few
     * int compares and one read of the record's pool; null until its first submission. A small ring: a
     * thread that feeds more pools than this looks the others up again, in the registry.
     */
    private PoolRecord[] submittedPools;
    private int[] submittedPoolHashes;
    private int nextSubmittedPool;

    /** A wait put aside while the thread runs an async stage inside it, restored when the stage ends. */
    private Object suspendedFuture;
    private boolean suspendedTimed;
    private ThreadPoolExecutor suspendedQueuedIn;

    private WaitSlot(Thread thread) {
        this.thread = thread;
    }

    /** The calling thread's slot, made on its first use. */
    public static WaitSlot current() {
        return SLOTS.get();
    }

    /** A wait on {@code awaited} begins; it takes the submission hint if the hint is its task. */
    public void begin(Object awaited, boolean isTimed) {
        Object task = submitted;
        queuedIn = task != null && JucAccess.completes(task, awaited) ? submittedTo : null;
        forgetSubmission();
        timed = isTimed;
        checkAt = 0L;
        posted = null;
        analysed = false;
        interval = FIRST_CHECK_NANOS;
        future = awaited;
    }

    /** The wait is over (the caller left the graph first). */
    public void end() {
        forgetRisk();
        if (posted != null) {
            posted = null;
        }
        future = null;
        queuedIn = null;
        checkAt = 0L;
    }

    void forgetRisk() {
        riskPending = false;
        if (pendingRisk != null) {
            pendingRisk = null;
            pendingRiskKey = null;
        }
    }

    /** This thread handed {@code task} to {@code pool}. */
    void submitted(ThreadPoolExecutor pool, Object task) {
        submittedTo = pool;
        submitted = task;
    }

    /** Whether this thread is known to be among {@code pool}'s submitters already. Reads only. */
    boolean knownSubmitterOf(ThreadPoolExecutor pool) {
        int[] hashes = submittedPoolHashes;
        if (hashes == null) {
            return false;
        }
        int hash = System.identityHashCode(pool);
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] == hash) {
                PoolRecord record = submittedPools[i];
                if (record != null && record.pool() == pool) {
                    return true;
                }
            }
        }
        return false;
    }

    /** This thread is among {@code record}'s submitters now. */
    void submitterOf(PoolRecord record) {
        ThreadPoolExecutor pool = record.pool();
        if (pool == null) {
            return;
        }
        if (submittedPools == null) {
            submittedPools = new PoolRecord[8];
            submittedPoolHashes = new int[8];
        }
        submittedPools[nextSubmittedPool] = record;
        submittedPoolHashes[nextSubmittedPool] = System.identityHashCode(pool);
        nextSubmittedPool = (nextSubmittedPool + 1) % submittedPools.length;
    }

    public void forgetSubmission() {
        if (submitted != null) {
            submitted = null;
            submittedTo = null;
        }
    }

    /**
     * Whether an analysis is due now; if not, {@link #checkAt} says until when to park. The first call of
     * a wait only sets the first check time.
     */
    boolean checkDue(long now) {
        if (checkAt == 0L) {
            parkedSince = now;
            checkAt = now + FIRST_CHECK_NANOS;
            return false;
        }
        return now - checkAt >= 0L;
    }

    /** After an analysis: the next check, later each time. */
    void scheduleNextCheck(long now) {
        interval = Math.min(interval * 2, MAX_CHECK_INTERVAL_NANOS);
        checkAt = now + interval;
    }

    /** The thread runs a stage inside its wait: it is not blocked meanwhile (the caller left the graph). */
    boolean suspend() {
        Object awaited = future;
        if (awaited == null) {
            return false;
        }
        suspendedFuture = awaited;
        suspendedTimed = timed;
        suspendedQueuedIn = queuedIn;
        end();
        return true;
    }

    /** The stage ended: the wait goes on, checked again from its first check. */
    void resume() {
        Object awaited = suspendedFuture;
        if (awaited != null) {
            suspendedFuture = null;
            timed = suspendedTimed;
            queuedIn = suspendedQueuedIn;
            suspendedQueuedIn = null;
            checkAt = 0L;
            analysed = false;
            interval = FIRST_CHECK_NANOS;
            future = awaited;
        }
    }
}
