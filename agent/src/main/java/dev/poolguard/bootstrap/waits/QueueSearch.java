package dev.poolguard.bootstrap.waits;

import dev.poolguard.bootstrap.pools.JucAccess;
import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.PoolRegistry;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Where a queued task is, for one check of the live model: queues are read pool by pool, the waiting
 * thread's own pool first (where starvation usually is), and the search stops at the first pool holding
 * the task. The first question (the fast path's, usually the only one) compares tasks in place; a full
 * walk asks about many futures, so from the second question on, every queue read is indexed for the
 * rest of the check (the first question's reads included: no queue is read twice). Only pools with
 * workers are read, so the cost follows the pools alive now, not those dead but not yet collected. A
 * task queued in a pool with no worker at all (its last spawn failed) is therefore "unknown", which
 * counts as progress: a missed report in that corner, never a false one.
 */
final class QueueSearch {
    private static final Object[] NO_TASKS = new Object[0];

    private final PoolRegistry registry;
    /** The waiter's pool, or null: its queue is read first. */
    private final PoolRecord preferred;
    /** The pools with workers, read once per check; null until a question needs them. */
    private PoolRecord[] activePools;
    /** Whether {@link #find} was asked before: the first answer is searched, later ones indexed. */
    private boolean asked;
    /**
     * Queued tasks the first question read but did not index, as pairs (record, Object[] tasks); null
     * until it read a non-empty queue. Indexed by the second question, so no queue is read twice.
     */
    private List<Object> unindexed;
    /**
     * Queued tasks of the pools indexed so far, by the future each completes (itself, for a FutureTask);
     * null until an indexed queue held something.
     */
    private Map<Object, PoolRecord> queuedIn;
    /** Whether the waiting thread's own pool was read (it goes first). */
    private boolean preferredRead;
    /** How many of {@link #activePools} were read. */
    private int poolsRead;

    QueueSearch(PoolRegistry registry, PoolRecord preferred) {
        this.registry = registry;
        this.preferred = preferred;
    }

    /** The pool whose queue holds a task that completes {@code future}, or null. */
    PoolRecord find(Object future) {
        boolean first = !asked;
        asked = true;
        if (!first) {
            indexUnindexed();
            PoolRecord found = queuedIn == null ? null : queuedIn.get(future);
            if (found != null) {
                return found;
            }
        }
        if (!preferredRead) {
            preferredRead = true;
            if (preferred != null && read(preferred, future, first)) {
                return preferred;
            }
        }
        PoolRecord[] pools = activePools();
        while (poolsRead < pools.length) {
            PoolRecord record = pools[poolsRead++];
            if (record != preferred && read(record, future, first)) {
                return record;
            }
        }
        return null;
    }

    /** The pools with workers now, read once per check. */
    PoolRecord[] activePools() {
        if (activePools == null) {
            activePools = registry.activePoolsNow();
        }
        return activePools;
    }

    /** Whether {@code record}'s queue holds a task that completes {@code future}; no lock if it is empty. */
    static boolean holds(PoolRecord record, Object future) {
        return anyCompletes(queuedTasks(record), future);
    }

    /** Reads {@code record}'s queue; whether a task in it completes {@code future}. */
    private boolean read(PoolRecord record, Object future, boolean first) {
        Object[] tasks = queuedTasks(record);
        if (tasks.length == 0) {
            return false;
        }
        if (!first) {
            index(record, tasks);
            return queuedIn.get(future) == record;
        }
        if (unindexed == null) {
            unindexed = new ArrayList<>();
        }
        unindexed.add(record);
        unindexed.add(tasks);
        return anyCompletes(tasks, future);
    }

    private void indexUnindexed() {
        if (unindexed != null) {
            for (int i = 0; i < unindexed.size(); i += 2) {
                index((PoolRecord) unindexed.get(i), (Object[]) unindexed.get(i + 1));
            }
            unindexed = null;
        }
    }

    private static boolean anyCompletes(Object[] tasks, Object future) {
        for (Object task : tasks) {
            if (JucAccess.completes(task, future)) {
                return true;
            }
        }
        return false;
    }

    private void index(PoolRecord record, Object[] tasks) {
        if (queuedIn == null) {
            queuedIn = new IdentityHashMap<>(tasks.length * 2); // a task and, maybe, the stage it completes
        }
        for (Object task : tasks) {
            JucAccess.indexFuturesCompletedBy(task, queuedIn, record);
        }
    }

    private static Object[] queuedTasks(PoolRecord record) {
        ThreadPoolExecutor pool = record.pool();
        if (pool == null || pool.getQueue().isEmpty()) {
            return NO_TASKS; // isEmpty is a cheap read; toArray would take the queue's locks
        }
        return pool.getQueue().toArray();
    }
}
