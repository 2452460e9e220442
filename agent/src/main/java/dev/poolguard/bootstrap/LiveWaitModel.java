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
 * The detector's questions answered from the live program. One instance per check: the index of
 * queued tasks is built at most once per check, and only when a question needs it (the common case,
 * a wait on a task some busy thread is running, never does).
 */
final class LiveWaitModel implements WaitModel<Thread, Object, PoolRecord> {
    private final PoolRegistry registry;
    private final WaitRegistry waits;
    private final StageTracker stages;
    private Map<Object, PoolRecord> queuedIn;

    LiveWaitModel(PoolRegistry registry, WaitRegistry waits, StageTracker stages) {
        this.registry = registry;
        this.waits = waits;
        this.stages = stages;
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

    @Override
    public PoolRecord poolQueueing(Object future) {
        if (queuedIn == null) {
            queuedIn = indexQueues();
        }
        return queuedIn.get(future);
    }

    /** Every queued task of every pool, by the future it completes (itself, for a FutureTask). */
    private Map<Object, PoolRecord> indexQueues() {
        Map<Object, PoolRecord> index = new IdentityHashMap<>();
        for (PoolRecord record : registry.livePools()) {
            ThreadPoolExecutor pool = record.pool();
            if (pool == null) {
                continue;
            }
            for (Object task : pool.getQueue().toArray()) {
                Object stage = JucAccess.stageFuture(task);
                index.put(stage != null ? stage : task, record);
            }
        }
        return index;
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
        return pool != null && pool.getPoolSize() < pool.getCorePoolSize();
    }
}
