package dev.poolguard.bootstrap;

import java.util.ArrayDeque;
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
 * busy thread is running, never does).
 */
final class LiveWaitModel implements WaitModel<Thread, Object, PoolRecord> {
    private final PoolRegistry registry;
    private final WaitRegistry waits;
    private final StageTracker stages;
    /** Queued tasks of the pools scanned so far, by the future each completes (itself, for a FutureTask). */
    private final Map<Object, PoolRecord> queuedIn = new IdentityHashMap<>();
    private final PoolRecord preferred;
    private ArrayDeque<PoolRecord> unscanned;

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
     */
    @Override
    public PoolRecord poolQueueing(Object future) {
        PoolRecord found = queuedIn.get(future);
        if (found != null) {
            return found;
        }
        if (unscanned == null) {
            unscanned = new ArrayDeque<>(registry.livePools());
            if (preferred != null && unscanned.remove(preferred)) {
                unscanned.addFirst(preferred);
            }
        }
        while (!unscanned.isEmpty()) {
            PoolRecord record = unscanned.pollFirst();
            ThreadPoolExecutor pool = record.pool();
            if (pool == null || pool.getQueue().isEmpty()) {
                continue; // isEmpty is a cheap read; toArray would take the queue's locks
            }
            for (Object task : pool.getQueue().toArray()) {
                JucAccess.futuresCompletedBy(task, completed -> queuedIn.putIfAbsent(completed, record));
            }
            found = queuedIn.get(future);
            if (found != null) {
                return found;
            }
        }
        return null;
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
        // below max with a bounded queue, the next submission that finds the queue full starts a worker
        return size < pool.getCorePoolSize()
                || size < pool.getMaximumPoolSize() && pool.getQueue().remainingCapacity() != Integer.MAX_VALUE;
    }
}
