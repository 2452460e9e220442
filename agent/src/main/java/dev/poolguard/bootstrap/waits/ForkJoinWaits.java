package dev.poolguard.bootstrap.waits;

import dev.poolguard.bootstrap.pools.ForkJoinQueues;
import dev.poolguard.bootstrap.pools.JucAccess;
import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.WeakIdentityMap;
import dev.poolguard.bootstrap.shutdown.ForkJoinShutdown;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

import dev.poolguard.bootstrap.waits.DeadlockReport.PoolInfo;

/**
 * ForkJoinPools as pools of the wait model, for one check. Nothing is recorded while a pool runs: a
 * worker is a {@link ForkJoinWorkerThread} (its pool is {@code getPool()}), and what a pool queues is
 * read from its queues ({@link ForkJoinQueues}), on the analysis path only.
 *
 * <p>Only the waits a pool neither helps with nor compensates for can starve it: a {@code FutureTask}'s
 * {@code get} (a plain park) on a worker. A {@code ForkJoinTask} join or get, {@code managedBlock} and a
 * {@code CompletableFuture} wait on a worker are helped or compensated (docs/jdk-notes.md), and
 * poolguard registers none of them but the last, whose compensating worker shows up as a worker not in
 * a long wait. So a ForkJoinPool is taken as queueing a task only when it is <em>stuck</em>: it may not
 * start a worker (as many as its parallelism), and every worker it has is in a long wait (in the
 * {@link WaitGraph}: parked that long in a registered wait, which no compensation answered). Then its
 * queues are read, once per check. The pools looked at are those with a worker in a long wait
 * ({@link #entered}, counted when a wait enters the graph and when it leaves), and only when they have no
 * more workers than that: a healthy program's check reads no pool's queues at all.
 */
public final class ForkJoinWaits {
    /** The records of the pools met so far, held weakly (an id must stay the same across reports). */
    private static final WeakIdentityMap<ForkJoinPool, PoolRecord> RECORDS = new WeakIdentityMap<>();
    /**
     * The pools with a worker in a long wait, and how many: the only pools that can be stuck. A pool leaves
     * when its last long wait does (its workers hold it strongly meanwhile, so nothing leaks).
     */
    private static final ConcurrentHashMap<ForkJoinPool, Integer> LONG_WAITING = new ConcurrentHashMap<>();

    private final WaitGraph waits;
    /** Whether the pools with long waits were looked at (and their queues read if stuck) in this check. */
    private boolean looked;
    /** The queued tasks of the stuck pools read so far, by the future each completes; null until one held any. */
    private Map<Object, PoolRecord> queued;

    ForkJoinWaits(WaitGraph waits) {
        this.waits = waits;
    }

    /** {@code thread}'s wait entered the graph of long waits (once per wait, on its own thread). */
    static void entered(Thread thread) {
        ForkJoinPool pool = applicationPool(thread);
        if (pool != null) {
            LONG_WAITING.merge(pool, 1, Integer::sum);
        }
    }

    /** {@code thread}'s wait left the graph. */
    static void left(Thread thread) {
        ForkJoinPool pool = applicationPool(thread);
        if (pool != null) {
            LONG_WAITING.computeIfPresent(pool, (key, count) -> count == 1 ? null : count - 1);
        }
    }

    /** The record of the stuck ForkJoinPool whose queues hold {@code future}'s task, or null (unknown). */
    PoolRecord queueing(Object future) {
        if (!looked) {
            looked = true;
            for (Map.Entry<ForkJoinPool, Integer> pool : LONG_WAITING.entrySet()) {
                if (pool.getValue() >= pool.getKey().getPoolSize() && stuck(pool.getKey())) {
                    index(pool.getKey());
                }
            }
        }
        return queued == null ? null : queued.get(future);
    }

    /** No worker may start, and every worker is in a long wait: nothing will take its queued tasks. */
    private boolean stuck(ForkJoinPool pool) {
        if (canStartWorker(pool) || pool.getQueuedSubmissionCount() + pool.getQueuedTaskCount() == 0) {
            return false;
        }
        List<Thread> workers = ForkJoinQueues.workers(pool);
        if (workers.isEmpty()) {
            return false;
        }
        for (Thread worker : workers) {
            if (waits.slotOf(worker) == null) {
                return false; // it runs, or helps, or is idle: it may take the queued work
            }
        }
        return true;
    }

    private void index(ForkJoinPool pool) {
        PoolRecord record = recordOf(pool);
        for (Object task : ForkJoinQueues.tasks(pool)) {
            if (queued == null) {
                queued = new IdentityHashMap<>();
            }
            JucAccess.indexFuturesCompletedBy(task, queued, record);
        }
    }

    /**
     * Whether the pool may start a worker for its queued work: while it has fewer than its parallelism (it
     * signals one at each push). A plain park is never compensated, so at its parallelism it starts none.
     */
    static boolean canStartWorker(ForkJoinPool pool) {
        return pool.getPoolSize() < pool.getParallelism();
    }

    /** The same for a pool's record: false for an executor's record, or a pool collected. */
    static boolean canStartWorker(PoolRecord record) {
        ForkJoinPool pool = record.forkJoinPool();
        return pool != null && canStartWorker(pool);
    }

    /** The pool's workers now, as its queues' owners. */
    static List<Thread> workersOf(PoolRecord record) {
        ForkJoinPool pool = record.forkJoinPool();
        return pool == null ? List.of() : ForkJoinQueues.workers(pool);
    }

    /** The record of the application ForkJoinPool {@code thread} is a worker of, or null. */
    static PoolRecord poolOf(Thread thread) {
        ForkJoinPool pool = applicationPool(thread);
        return pool == null ? null : recordOf(pool);
    }

    static PoolRecord recordOf(ForkJoinPool pool) {
        return RECORDS.computeIfAbsent(pool, PoolRecord::new);
    }

    /** For the deadlock report: the pool, its workers, its parallelism, its queued tasks; null if not a ForkJoinPool. */
    static PoolInfo info(PoolRecord record) {
        ForkJoinPool pool = record.forkJoinPool();
        if (pool == null) {
            return null;
        }
        long queued = pool.getQueuedSubmissionCount() + pool.getQueuedTaskCount();
        return new PoolInfo(record.id(), pool.getClass().getName(), pool.getPoolSize(), pool.getParallelism(),
                (int) Math.min(Integer.MAX_VALUE, queued));
    }

    /** For the deadlock report: the task a ForkJoinPool worker runs, as its stack shows it; null otherwise. */
    static String taskOf(Thread thread) {
        if (applicationPool(thread) == null) {
            return null;
        }
        StackTraceElement[] stack = thread.getStackTrace();
        int doExec = ForkJoinShutdown.runningFrame(stack);
        return doExec < 0 ? null : ForkJoinShutdown.describe(stack, doExec);
    }

    /** The pool of a worker thread, unless the JDK runs it for itself (virtual threads' carriers). */
    private static ForkJoinPool applicationPool(Thread thread) {
        if (!(thread instanceof ForkJoinWorkerThread worker) || worker.getClass().getName().startsWith("jdk.internal.")) {
            return null;
        }
        return worker.getPool();
    }
}
