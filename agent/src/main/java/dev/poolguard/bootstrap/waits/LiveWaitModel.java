package dev.poolguard.bootstrap.waits;

import dev.poolguard.bootstrap.pools.JucAccess;
import dev.poolguard.bootstrap.pools.PoolGrowth;
import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.pools.WorkerRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;

import dev.poolguard.bootstrap.detect.GrowthBySubmission;
import dev.poolguard.bootstrap.detect.WaitModel;

/**
 * The detector's questions answered from the live program, exactly: where a task is queued is found by
 * reading the queues ({@link QueueSearch}). One instance per check: queues are read at most once per check, and only when a
 * question needs it. That costs O(queued tasks) with the queues' locks, so it only confirms a deadlock
 * that the cheap {@link GraphWaitModel} found, just before it is reported; the graph of waits is the
 * same for both ({@link WaitGraph}: the waits parked long enough to be analysed).
 */
public class LiveWaitModel implements WaitModel<Thread, Object, PoolRecord> {
    final PoolRegistry registry;
    final WaitGraph waits;
    final StageTracker stages;
    private final Thread waiter;
    /** The waiter's pool, or null: its queue is read first. */
    private final PoolRecord preferred;
    /** A future {@link #queuedTaskProgresses} found queued in a stuck pool, and that pool. */
    private Object stuckFuture;
    private PoolRecord stuckPool;
    /** Where queued tasks are, read pool by pool as questions need them ({@link QueueSearch}). */
    private final QueueSearch queues;
    /** The lock waits this check made edges of (kept for the report). */
    final LockWaits locks = new LockWaits();
    /** The ForkJoinPools with long waits: queueing a task only when stuck. */
    final ForkJoinWaits forkJoins;
    /** The futures whose producer is known ({@link StageRoots}); null until a question needs them. */
    List<Object> stageRoots;

    /** {@code waiter}: the thread whose wait is checked; its pool's queue is searched first. */
    public LiveWaitModel(PoolRegistry registry, WaitGraph waits, StageTracker stages, Thread waiter) {
        this.registry = registry;
        this.waits = waits;
        this.stages = stages;
        this.forkJoins = new ForkJoinWaits(waits);
        WorkerRecord worker = registry.workerOf(waiter);
        this.waiter = waiter;
        this.preferred = worker == null ? null : worker.pool;
        this.queues = new QueueSearch(registry, preferred);
    }

    @Override
    public Object awaitedBy(Thread thread) {
        return waits.futureOf(thread);
    }

    /** A future wait with a timeout, or a lock wait found with one ({@code tryLock(time, unit)}). */
    @Override
    public boolean timedWait(Thread thread) {
        return waits.timed(thread) || locks.timed(thread);
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
        Thread producer = stages.producerOf(future);
        return producer != null ? producer : workerRunning(future);
    }

    /**
     * The worker whose current task is {@code future} itself: a future that is its own task but not a
     * {@code FutureTask} (Guava's {@code TrustedListenableFutureTask}, any {@code RunnableFuture}). One
     * pass over the running workers, on the analysis path only.
     */
    private Thread workerRunning(Object future) {
        if (!(future instanceof Runnable)) {
            return null;
        }
        for (WorkerRecord worker : registry.runningWorkers()) {
            if (worker.task() == future) {
                return worker.thread;
            }
        }
        return null;
    }

    /** A completion service's pending tasks, an either-stage's sources ({@link StageRoots}). */
    @Override
    public Collection<Object> alternativesOf(Object future) {
        return StageRoots.alternativesOf(this, future);
    }

    /** A dependent stage's source ({@link StageRoots}), or a Guava transform, catching, wrapper or setFuture's. */
    @Override
    public Object prerequisiteOf(Object future) {
        Object source = StageRoots.prerequisiteOf(this, future);
        return source != null ? source : GuavaFutures.prerequisiteOf(future); // or a Guava transform's source
    }

    @Override
    public Thread lockOwnerBlocking(Thread thread) {
        return locks.ownerBlocking(thread);
    }

    /** The pool whose queue holds the task that completes {@code future} ({@link QueueSearch}), or null. */
    @Override
    public PoolRecord poolQueueing(Object future) {
        if (future == stuckFuture && future != null) {
            return stuckPool;
        }
        PoolRecord found = queues.find(future);
        return found != null ? found : forkJoins.queueing(future);
    }

    @Override
    public PoolRecord poolOf(Thread thread) {
        if (thread == waiter && preferred != null) {
            return preferred; // looked up once, when the check began
        }
        WorkerRecord worker = registry.workerOf(thread);
        return worker == null ? ForkJoinWaits.poolOf(thread) : worker.pool;
    }

    @Override
    public Collection<Thread> workersOf(PoolRecord pool) {
        if (pool.forkJoinPool() != null) {
            return ForkJoinWaits.workersOf(pool);
        }
        List<Thread> threads = new ArrayList<>();
        for (WorkerRecord worker : pool.workersNow()) {
            threads.add(worker.thread);
        }
        return threads;
    }

    /**
     * One pass over the pools with workers. A pool with an empty queue holds nothing; a pool with an idle
     * worker or room for one runs whatever it holds: neither queue is read (reading takes the queue's
     * locks, which the pool's own workers and submitters contend for). Only a stuck pool's queue is read;
     * if it holds the task, the pool is remembered for the walk that follows.
     */
    @Override
    public boolean queuedTaskProgresses(Object future) {
        if (preferred != null && stuckAndHolds(preferred, future)) {
            return false;
        }
        for (PoolRecord record : queues.activePools()) {
            if (record != preferred && stuckAndHolds(record, future)) {
                return false;
            }
        }
        return forkJoins.queueing(future) == null;
    }

    private boolean stuckAndHolds(PoolRecord record, Object future) {
        ThreadPoolExecutor pool = record.pool();
        if (pool == null || pool.getQueue().isEmpty() || hasIdleWorker(record) || canStartWorker(record)
                || !QueueSearch.holds(record, future)) {
            return false;
        }
        stuckFuture = future;
        stuckPool = record;
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
     * Whether the pool may still start a worker for queued work ({@link PoolGrowth}), read without the
     * pool's lock. A worker the pool still counts but that has left poolguard's record is in
     * {@code processWorkerExit}, which poolguard hears first, and the pool may replace it at the end:
     * unsure, so progress. A pool that grows only when a task is submitted to it (below its core, or with a
     * bounded queue to fill first) may grow while one of the threads that submitted to it may still submit
     * ({@link GrowthBySubmission}, which may ask the detector about each of them, with this model), unless it
     * was shut down.
     */
    @Override
    public boolean canStartWorker(PoolRecord record) {
        ThreadPoolExecutor pool = record.pool();
        if (pool == null) {
            return ForkJoinWaits.canStartWorker(record); // false for a collected pool
        }
        int size = JucAccess.workerCount(pool);
        if (size > record.workersNow().length) {
            return true;
        }
        switch (PoolGrowth.growth(size, pool.getCorePoolSize(), pool.getMaximumPoolSize(), pool.getQueue())) {
            case NEVER:
                return false;
            case BY_ITSELF:
                return true;
            default: // a pool shut down refuses whatever it is given: no submission will make it grow
                return !pool.isShutdown()
                        && GrowthBySubmission.someoneMaySubmit(this, record, record.submitters.liveNow());
        }
    }
}
