package dev.poolguard.bootstrap.waits;

import dev.poolguard.bootstrap.pools.JucAccess;
import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.pools.WorkerRecord;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The detector's questions answered from state, without reading queues in a healthy program: the cost
 * of a check follows the waits it walks, not the tasks queued.
 *
 * <p>Where a task that nobody runs yet is queued is known, not searched: a thread that waits on a task it
 * handed to a pool itself (the usual {@code submit(...).get()}, {@code supplyAsync(..., pool).join()})
 * recorded the pool in its {@link WaitSlot}. For any other unstarted task, the only pools that could
 * starve it are <em>stuck</em> ones: every worker busy and in a long wait, no idle worker, no room to
 * grow, work queued. Each pool with workers is passed over in one read unless all its workers are in
 * long waits; only a stuck pool's queue is read, and only once per check. A healthy program has none (a
 * pool whose workers all wait for long on work that progresses is read, once per long wait that asks).
 * Anything unknown is progress, as for every model.
 */
public final class GraphWaitModel extends LiveWaitModel {
    /** Futures whose pool a waiting thread's slot knows, filled as the walk reads the waits. */
    private Map<Object, ThreadPoolExecutor> known;
    /** Queued tasks of the stuck pools read so far, by the future each completes. */
    private Map<Object, PoolRecord> stuckQueued;
    /** The stuck pools whose queues this check has read (few: a healthy program has none). */
    private List<PoolRecord> indexed;

    public GraphWaitModel(PoolRegistry registry, WaitGraph waits, StageTracker stages, Thread waiter) {
        super(registry, waits, stages, waiter);
        awaitedBy(waiter); // the waiter's own note, known from the start
    }

    @Override
    public Object awaitedBy(Thread thread) {
        WaitSlot slot = waits.slotOf(thread);
        if (slot == null) {
            return null;
        }
        Object future = slot.future;
        ThreadPoolExecutor pool = slot.queuedIn;
        if (future != null && pool != null) {
            if (known == null) {
                known = new IdentityHashMap<>(4);
            }
            known.put(future, pool);
        }
        return future;
    }

    @Override
    public PoolRecord poolQueueing(Object future) {
        ThreadPoolExecutor pool = known == null ? null : known.get(future);
        if (pool != null) {
            return registry.knownPool(pool); // null if it never had a worker: unknown, progress
        }
        PoolRecord stuck = stuckPoolHolding(future);
        return stuck != null ? stuck : forkJoins.queueing(future);
    }

    /** Plain definition again: the live model's shortcut reads queues, this model never needs to. */
    @Override
    public boolean queuedTaskProgresses(Object future) {
        PoolRecord pool = poolQueueing(future);
        return pool == null || canStartWorker(pool) || hasIdleWorker(pool);
    }

    /**
     * The stuck pool whose queue holds {@code future}'s task, or null. A pool with a worker not in a long
     * wait is passed over in one read ({@link PoolRecord#longWaiters}); only a stuck pool's queue is read,
     * once per check.
     */
    private PoolRecord stuckPoolHolding(Object future) {
        if (stuckQueued != null) {
            PoolRecord found = stuckQueued.get(future);
            if (found != null) {
                return found;
            }
        }
        for (PoolRecord pool : registry.activePoolsNow()) {
            if (pool.longWaiters.get() < pool.workersNow().length || alreadyIndexed(pool) || !stuck(pool)) {
                continue;
            }
            indexQueue(pool);
            if (stuckQueued != null && stuckQueued.get(future) == pool) {
                return pool;
            }
        }
        return null;
    }

    private boolean alreadyIndexed(PoolRecord pool) {
        return indexed != null && indexed.contains(pool);
    }

    /** Work queued, no idle worker, no room to grow, and every worker in a long wait. */
    private boolean stuck(PoolRecord record) {
        ThreadPoolExecutor pool = record.pool();
        if (pool == null || pool.getQueue().isEmpty() || hasIdleWorker(record) || canStartWorker(record)) {
            return false;
        }
        for (WorkerRecord worker : record.workersNow()) {
            if (waits.slotOf(worker.thread) == null) {
                return false;
            }
        }
        return true;
    }

    private void indexQueue(PoolRecord record) {
        if (indexed == null) {
            indexed = new ArrayList<>(2);
        }
        indexed.add(record);
        ThreadPoolExecutor pool = record.pool();
        if (pool == null) {
            return;
        }
        Object[] tasks = pool.getQueue().toArray();
        if (stuckQueued == null) {
            stuckQueued = new IdentityHashMap<>(tasks.length * 2);
        }
        for (Object task : tasks) {
            JucAccess.indexFuturesCompletedBy(task, stuckQueued, record);
        }
    }
}
