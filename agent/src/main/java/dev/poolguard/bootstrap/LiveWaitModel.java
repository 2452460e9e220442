package dev.poolguard.bootstrap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;

import dev.poolguard.bootstrap.detect.WaitModel;

/**
 * The detector's questions answered from the live program. One instance per check: queues are read
 * at most once per check, and only when a question needs it (the common case, a wait on a task some
 * busy thread is running, never does). Allocates nothing until a queue holds something to index.
 */
final class LiveWaitModel implements WaitModel<Thread, Object, PoolRecord> {
    private static final Object[] NO_TASKS = new Object[0];

    private final PoolRegistry registry;
    private final WaitRegistry waits;
    private final StageTracker stages;
    private final PoolRecord preferred;
    /** The pools with workers, read once per check; null until a question needs them. */
    private PoolRecord[] activePools;
    /** Whether {@link #poolQueueing} was asked before: the first answer is searched, later ones indexed. */
    private boolean searched;
    /**
     * Queued tasks of the pools indexed so far, by the future each completes (itself, for a FutureTask);
     * null until an indexed queue held something.
     */
    private Map<Object, PoolRecord> queuedIn;
    /** Whether the waiting thread's own pool was indexed (it goes first). */
    private boolean preferredIndexed;
    /** How many of {@link #activePools} were indexed. */
    private int indexedPools;

    /** {@code waiter}: the thread whose wait is checked; its pool's queue is searched first. */
    LiveWaitModel(PoolRegistry registry, WaitRegistry waits, StageTracker stages, Thread waiter) {
        this.registry = registry;
        this.waits = waits;
        this.stages = stages;
        WorkerRecord worker = registry.workerOf(waiter);
        this.preferred = worker == null ? null : worker.pool;
    }

    @Override
    public Object awaitedBy(Thread thread) {
        return waits.futureOf(thread);
    }

    @Override
    public boolean timedWait(Thread thread) {
        return waits.timed(thread);
    }

    @Override
    public boolean isDone(Object future) {
        return future instanceof Future && ((Future<?>) future).isDone();
    }

    @Override
    public Thread runnerOf(Object future) {
        if (future instanceof FutureTask) {
            return JucAccess.runner((FutureTask<?>) future);
        }
        return stages.producerOf(future);
    }

    /**
     * Searches queues pool by pool, the waiting thread's own pool first (where starvation usually is),
     * and stops at the first pool holding the task. The first question (the fast path's, usually the only
     * one) compares tasks in place; a full walk asks again for many futures, so from the second question
     * on, what was scanned stays indexed for the rest of the check. Only pools with workers are scanned,
     * so the cost follows the pools alive now, not those dead but not yet collected. A task queued in a
     * pool with no worker at all (its last spawn failed) is therefore "unknown", which counts as
     * progress: a missed report in that corner, never a false one.
     */
    @Override
    public PoolRecord poolQueueing(Object future) {
        if (!searched) {
            searched = true;
            return search(future);
        }
        PoolRecord found = queuedIn == null ? null : queuedIn.get(future);
        if (found != null) {
            return found;
        }
        if (!preferredIndexed) {
            preferredIndexed = true;
            if (preferred != null && index(preferred, future)) {
                return preferred;
            }
        }
        PoolRecord[] pools = activePools();
        while (indexedPools < pools.length) {
            PoolRecord record = pools[indexedPools++];
            if (record != preferred && index(record, future)) {
                return record;
            }
        }
        return null;
    }

    private PoolRecord[] activePools() {
        if (activePools == null) {
            activePools = registry.activePoolsNow();
        }
        return activePools;
    }

    /** The pool queueing {@code future}, found without building an index. */
    private PoolRecord search(Object future) {
        if (preferred != null && holds(preferred, future)) {
            return preferred;
        }
        for (PoolRecord record : activePools()) {
            if (record != preferred && holds(record, future)) {
                return record;
            }
        }
        return null;
    }

    /** Whether {@code record}'s queue holds a task that completes {@code future}; no lock if it is empty. */
    static boolean holds(PoolRecord record, Object future) {
        Object[] tasks = queuedTasks(record);
        for (Object task : tasks) {
            if (JucAccess.completes(task, future)) {
                return true;
            }
        }
        return false;
    }

    /** Indexes {@code record}'s queued tasks; whether one of them completes {@code future}. */
    private boolean index(PoolRecord record, Object future) {
        Object[] tasks = queuedTasks(record);
        if (tasks.length == 0) {
            return false;
        }
        if (queuedIn == null) {
            queuedIn = new IdentityHashMap<>(tasks.length * 2); // a task and, maybe, the stage it completes
        }
        for (Object task : tasks) {
            JucAccess.indexFuturesCompletedBy(task, queuedIn, record);
        }
        return queuedIn.get(future) == record;
    }

    private static Object[] queuedTasks(PoolRecord record) {
        ThreadPoolExecutor pool = record.pool();
        if (pool == null || pool.getQueue().isEmpty()) {
            return NO_TASKS; // isEmpty is a cheap read; toArray would take the queue's locks
        }
        return pool.getQueue().toArray();
    }

    @Override
    public PoolRecord poolOf(Thread thread) {
        WorkerRecord worker = registry.workerOf(thread);
        return worker == null ? null : worker.pool;
    }

    @Override
    public Collection<Thread> workersOf(PoolRecord pool) {
        List<Thread> threads = new ArrayList<>();
        for (WorkerRecord worker : pool.workersNow()) {
            threads.add(worker.thread);
        }
        return threads;
    }

    /**
     * Reads only lock-free state (a queue's count, the worker records) except for pools that are
     * saturated with queued work, where {@link #canStartWorker} asks the pool; stops at the first pool
     * that cannot be shown to progress.
     */
    @Override
    public boolean everyQueueingPoolProgresses() {
        for (PoolRecord record : activePools()) {
            ThreadPoolExecutor pool = record.pool();
            if (pool != null && !pool.getQueue().isEmpty() && !hasIdleWorker(record) && !canStartWorker(record)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the records in hand rather than asking {@link #busy} per thread: a record with no task is a
     * worker between tasks, or one spawned without a first task that has yet to start its loop; either
     * will take queued work. (A task that throws ends its worker with the task still marked: busy.)
     */
    @Override
    public boolean hasIdleWorker(PoolRecord pool) {
        for (WorkerRecord worker : pool.workersNow()) {
            if (worker.task() == null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean busy(Thread worker) {
        WorkerRecord record = registry.workerOf(worker);
        // a thread that is not (yet) running its loop is treated as busy: only its record could say idle
        return record == null || record.task() != null;
    }

    /**
     * Whether the pool may still start a worker for queued work. Below the core size, the next
     * submission would start one; above it, only a queue that refuses a task makes the pool grow, and
     * a queued task shows the queue accepted it. Conservative on purpose: true when unsure.
     */
    @Override
    public boolean canStartWorker(PoolRecord record) {
        ThreadPoolExecutor pool = record.pool();
        if (pool == null) {
            return false;
        }
        int size = pool.getPoolSize();
        if (size > record.workersNow().length) {
            // A worker the pool still counts has left poolguard's record: it is in processWorkerExit, which
            // poolguard hears first, and the pool may replace it at the end. Unsure, so: progress.
            return true;
        }
        // below max with a bounded queue, the next submission that finds the queue full starts a worker
        return size < pool.getCorePoolSize()
                || size < pool.getMaximumPoolSize() && pool.getQueue().remainingCapacity() != Integer.MAX_VALUE;
    }
}
