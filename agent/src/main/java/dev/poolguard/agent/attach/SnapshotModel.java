package dev.poolguard.agent.attach;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.poolguard.agent.attach.Snapshot.FutureShot;
import dev.poolguard.agent.attach.Snapshot.PoolShot;
import dev.poolguard.agent.attach.Snapshot.ThreadShot;
import dev.poolguard.bootstrap.detect.WaitModel;

/**
 * The detector's questions answered from a {@link Snapshot}, so that {@code attach} runs the very
 * analysis the agent runs live ({@code DeadlockDetector}), only over data taken once. Anything the
 * snapshot does not hold is "unknown", which the detector reads as progress.
 */
final class SnapshotModel implements WaitModel<ThreadShot, FutureShot, PoolShot> {
    private final Map<Long, ThreadShot> threads = new HashMap<>();
    private final Map<Long, FutureShot> futures = new HashMap<>();
    private final Map<String, PoolShot> pools = new HashMap<>();

    SnapshotModel(Snapshot snapshot) {
        for (ThreadShot thread : snapshot.threads()) {
            threads.put(thread.id(), thread);
        }
        for (FutureShot future : snapshot.futures()) {
            futures.put(future.id(), future);
        }
        for (PoolShot pool : snapshot.pools()) {
            pools.put(pool.key(), pool);
        }
    }

    ThreadShot thread(long id) {
        return threads.get(id);
    }

    @Override
    public FutureShot awaitedBy(ThreadShot thread) {
        return thread.awaits() == null ? null : futures.get(thread.awaits());
    }

    @Override
    public boolean timedWait(ThreadShot thread) {
        return thread.timed();
    }

    /** The owner of the lock it was recorded blocked on (a thread of the snapshot), or null. */
    @Override
    public ThreadShot lockOwnerBlocking(ThreadShot thread) {
        return thread.lockOwner() == null ? null : threads.get(thread.lockOwner());
    }

    @Override
    public boolean isDone(FutureShot future) {
        return future.done();
    }

    @Override
    public ThreadShot runnerOf(FutureShot future) {
        return future.runner() == null ? null : threads.get(future.runner());
    }

    @Override
    public PoolShot poolQueueing(FutureShot future) {
        return future.queuedIn() == null ? null : pools.get(future.queuedIn());
    }

    @Override
    public PoolShot poolOf(ThreadShot thread) {
        return thread.pool() == null ? null : pools.get(thread.pool());
    }

    @Override
    public Collection<ThreadShot> workersOf(PoolShot pool) {
        List<ThreadShot> workers = new ArrayList<>(pool.workers().size());
        for (Long id : pool.workers()) {
            ThreadShot worker = threads.get(id);
            if (worker != null) {
                workers.add(worker);
            }
        }
        return workers;
    }

    @Override
    public boolean busy(ThreadShot worker) {
        return worker.busy();
    }

    /**
     * The live model's rule, on the snapshot's numbers: a worker the pool counts but that was not seen
     * (exiting, or starting) may yet run the task; below the core size the next submission starts one;
     * above it only a bounded queue that fills up makes the pool grow. True when unsure.
     */
    @Override
    public boolean canStartWorker(PoolShot pool) {
        return pool.size() > pool.workers().size()
                || pool.size() < pool.core()
                || pool.size() < pool.max() && pool.boundedQueue();
    }
}
