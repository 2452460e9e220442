package dev.poolguard.bootstrap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
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
    private final PoolRegistry registry;
    private final WaitRegistry waits;
    private final StageTracker stages;
    /**
     * Queued tasks of the pools scanned so far, by the future each completes (itself, for a FutureTask);
     * null until a scanned queue held something.
     */
    private Map<Object, PoolRecord> queuedIn;
    private final PoolRecord preferred;
    /** Whether the waiting thread's own pool was scanned (it goes first). */
    private boolean preferredScanned;
    /** The other active pools still to scan; null until the first question that needs them. */
    private Iterator<PoolRecord> unscanned;

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
        WaitRegistry.Wait wait = waits.of(thread);
        return wait == null ? null : wait.future();
    }

    @Override
    public boolean timedWait(Thread thread) {
        WaitRegistry.Wait wait = waits.of(thread);
        return wait != null && wait.timed();
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
     * Scans queues pool by pool, the waiting thread's own pool first (where starvation usually is), and
     * stops at the first pool holding the task; what was scanned stays indexed for the rest of the check.
     * Only pools with workers are scanned, so the cost follows the pools alive now, not those dead but not
     * yet collected. A task queued in a pool with no worker at all (its last spawn failed) is therefore
     * "unknown", which counts as progress: a missed report in that corner, never a false one.
     */
    @Override
    public PoolRecord poolQueueing(Object future) {
        PoolRecord found = queuedIn == null ? null : queuedIn.get(future);
        if (found != null) {
            return found;
        }
        if (!preferredScanned) {
            preferredScanned = true;
            if (preferred != null && scan(preferred, future)) {
                return preferred;
            }
        }
        if (unscanned == null) {
            unscanned = registry.activePools().iterator();
        }
        while (unscanned.hasNext()) {
            PoolRecord record = unscanned.next();
            if (record != preferred && scan(record, future)) {
                return record;
            }
        }
        return null;
    }

    /** Indexes {@code record}'s queued tasks; whether one of them completes {@code future}. */
    private boolean scan(PoolRecord record, Object future) {
        ThreadPoolExecutor pool = record.pool();
        if (pool == null || pool.getQueue().isEmpty()) {
            return false; // isEmpty is a cheap read; toArray would take the queue's locks
        }
        Object[] tasks = pool.getQueue().toArray();
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

    @Override
    public PoolRecord poolOf(Thread thread) {
        WorkerRecord worker = registry.workerOf(thread);
        return worker == null ? null : worker.pool;
    }

    @Override
    public Collection<Thread> workersOf(PoolRecord pool) {
        List<Thread> threads = new ArrayList<>();
        for (WorkerRecord worker : pool.workers) {
            threads.add(worker.thread);
        }
        return threads;
    }

    @Override
    public boolean hasIdleWorker(PoolRecord pool) {
        for (WorkerRecord worker : pool.workers) {
            if (!busy(worker.thread)) {
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
        if (size > record.workers.size()) {
            // A worker the pool still counts has left poolguard's record: it is in processWorkerExit, which
            // poolguard hears first, and the pool may replace it at the end. Unsure, so: progress.
            return true;
        }
        // below max with a bounded queue, the next submission that finds the queue full starts a worker
        return size < pool.getCorePoolSize()
                || size < pool.getMaximumPoolSize() && pool.getQueue().remainingCapacity() != Integer.MAX_VALUE;
    }
}
