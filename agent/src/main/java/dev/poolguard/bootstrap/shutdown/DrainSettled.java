package dev.poolguard.bootstrap.shutdown;

import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.WorkerRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Delayed;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * When the shutdown drain may end: every pool is settled, meaning nothing it holds can still make
 * progress before the deadline. Read by the exiting thread in the drain's loop; no state of its own.
 */
final class DrainSettled {
    private DrainSettled() {
    }

    /**
     * Whether {@code pools} (the application pools when the drain began), any application pool first
     * seen since ({@code now}: its first worker spawned by pre-shutdown work) and every ForkJoinPool are
     * settled. {@code exitCallers}: threads blocked in {@code System.exit}, which can never finish.
     */
    static boolean all(List<PoolRecord> pools, List<PoolRecord> now, long deadline, Set<Thread> exitCallers) {
        for (PoolRecord record : pools) {
            if (!pool(record, deadline, exitCallers)) {
                return false;
            }
        }
        for (PoolRecord record : now) {
            if (!pools.contains(record) && !pool(record, deadline, exitCallers)) {
                return false;
            }
        }
        for (Map.Entry<ForkJoinPool, List<ForkJoinWorkerThread>> pool : ForkJoinShutdown.poolsNow().entrySet()) {
            if (!ForkJoinShutdown.settled(pool.getKey(), pool.getValue(), exitCallers)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A pool is settled when nothing it holds can still make progress before {@code deadline}: no worker
     * that is not stuck in {@code System.exit} runs a task, none is between tasks (a worker without a
     * task that is not parked may have just taken one from the queue, a moment its record does not show
     * yet), and nothing queued is due before the deadline (periodic tasks never end: not waited for). A
     * pool with no able worker left is settled too: its queue can never be served.
     */
    static boolean pool(PoolRecord record, long deadline, Set<Thread> exitCallers) {
        ThreadPoolExecutor pool = record.pool();
        if (pool == null || pool.isTerminated()) {
            return true;
        }
        int able = 0;
        boolean moving = false;
        for (WorkerRecord worker : record.workersNow()) {
            Thread.State state = worker.thread.getState();
            if (state == Thread.State.TERMINATED || exitCallers.contains(worker.thread)) {
                continue;
            }
            able++;
            if (worker.task() != null || state == Thread.State.RUNNABLE || state == Thread.State.NEW) {
                moving = true;
            }
        }
        if (able == 0) {
            return true;
        }
        return !moving && dueAfter(ShutdownLeftovers.pendingTasks(pool), deadline);
    }

    /** Whether every task is periodic or a delayed one that falls due after {@code deadline} (nanoTime). */
    private static boolean dueAfter(List<Runnable> tasks, long deadline) {
        long left = deadline - System.nanoTime();
        for (Runnable task : tasks) {
            if (!ShutdownLeftovers.isPeriodic(task)
                    && (!(task instanceof Delayed) || ((Delayed) task).getDelay(TimeUnit.NANOSECONDS) <= left)) {
                return false;
            }
        }
        return true;
    }
}
