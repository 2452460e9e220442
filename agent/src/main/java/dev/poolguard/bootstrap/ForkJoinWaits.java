package dev.poolguard.bootstrap;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

import dev.poolguard.bootstrap.DeadlockReport.PoolInfo;

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
 * queues are read, once per check. The pools looked at are those of the worker threads whose waits the
 * check asked about, so a healthy program's check reads no pool at all.
 */
final class ForkJoinWaits {
    /** The records of the pools met so far, held weakly (an id must stay the same across reports). */
    private static final WeakIdentityMap<ForkJoinPool, PoolRecord> RECORDS = new WeakIdentityMap<>();

    private final WaitGraph waits;
    /** The pools of the worker threads asked about, in order; null until one was. */
    private List<ForkJoinPool> seen;
    /** How many of {@link #seen} were looked at (and their queues read if stuck). */
    private int looked;
    /** The queued tasks of the stuck pools read so far, by the future each completes; null until one held any. */
    private Map<Object, PoolRecord> queued;

    ForkJoinWaits(WaitGraph waits) {
        this.waits = waits;
    }

    /** The check asked about {@code thread}'s wait: if it is a ForkJoinPool worker, its pool may queue the task. */
    void saw(Thread thread) {
        ForkJoinPool pool = applicationPool(thread);
        if (pool == null) {
            return;
        }
        if (seen == null) {
            seen = new ArrayList<>(2);
        } else {
            for (ForkJoinPool known : seen) {
                if (known == pool) {
                    return;
                }
            }
        }
        seen.add(pool);
    }

    /** The record of the stuck ForkJoinPool whose queues hold {@code future}'s task, or null (unknown). */
    PoolRecord queueing(Object future) {
        while (seen != null && looked < seen.size()) {
            ForkJoinPool pool = seen.get(looked++);
            if (stuck(pool)) {
                index(pool);
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
