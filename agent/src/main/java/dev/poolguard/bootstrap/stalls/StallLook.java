package dev.poolguard.bootstrap.stalls;

import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.TaskDescriber;
import dev.poolguard.bootstrap.pools.WorkerRecord;
import dev.poolguard.bootstrap.shutdown.ForkJoinShutdown;
import dev.poolguard.bootstrap.waits.LockOwners;
import dev.poolguard.bootstrap.waits.Stacks;
import dev.poolguard.bootstrap.waits.WaitSlot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.locks.AbstractOwnableSynchronizer;
import java.util.concurrent.locks.LockSupport;

/**
 * The look at a pool's workers once a queued task has waited the stall time: is every worker blocked,
 * and on what. Cheap checks first (each worker's task and thread state), so a pool with a worker at work
 * costs no stack; stacks only when every state says blocked. Runs on the watcher thread only.
 */
final class StallLook {
    private StallLook() {
    }

    /** The stall of {@code pool}, or null when some worker is not blocked (or is not known to poolguard). */
    static StallReport threadPool(PoolRecord record, ThreadPoolExecutor pool, long waitedMillis) {
        WorkerRecord[] workers = record.workersNow();
        if (workers.length == 0) {
            return null;
        }
        for (WorkerRecord worker : workers) {
            if (worker.task() == null || !WorkerActivity.waiting(worker.thread.getState())) {
                return null;
            }
        }
        if (pool.getPoolSize() != workers.length) {
            return null; // a worker poolguard does not know (or one coming or going): it may be at work
        }
        Thread[] threads = new Thread[workers.length];
        StackTraceElement[][] stacks = new StackTraceElement[workers.length][];
        for (int i = 0; i < workers.length; i++) {
            Thread thread = workers[i].thread;
            Thread.State before = thread.getState();
            StackTraceElement[] stack = thread.getStackTrace();
            if (WorkerActivity.ofPoolWorker(workers[i].task() != null, before, thread.getState(), stack)
                    != WorkerActivity.BLOCKED) {
                return null;
            }
            threads[i] = thread;
            stacks[i] = stack;
        }
        String[] tasks = new String[workers.length];
        Object[] awaited = new Object[workers.length];
        for (int i = 0; i < workers.length; i++) {
            tasks[i] = TaskDescriber.describe(workers[i].task());
            WaitSlot slot = workers[i].waits;
            awaited[i] = slot == null ? null : slot.future; // a future wait poolguard registered
        }
        return report(record.id(), pool.getQueue().size(), waitedMillis, threads, tasks, awaited, stacks);
    }

    /** The same for a ForkJoinPool, whose workers are known by their stacks only. */
    static StallReport forkJoin(ForkJoinPool pool, List<ForkJoinWorkerThread> workers, long queued, long waitedMillis) {
        Thread[] threads = new Thread[workers.size()];
        StackTraceElement[][] stacks = new StackTraceElement[workers.size()][];
        String[] tasks = new String[workers.size()];
        for (int i = 0; i < threads.length; i++) {
            Thread thread = workers.get(i);
            Thread.State before = thread.getState();
            if (!WorkerActivity.waiting(before)) {
                return null;
            }
            StackTraceElement[] stack = thread.getStackTrace();
            if (WorkerActivity.ofForkJoinWorker(before, thread.getState(), stack) != WorkerActivity.BLOCKED) {
                return null;
            }
            threads[i] = thread;
            stacks[i] = stack;
            tasks[i] = ForkJoinShutdown.describe(stack, ForkJoinShutdown.runningFrame(stack));
        }
        return report(ForkJoinShutdown.id(pool), (int) Math.min(Integer.MAX_VALUE, queued), waitedMillis, threads,
                tasks, new Object[threads.length], stacks);
    }

    private static StallReport report(String poolId, int queued, long waitedMillis, Thread[] threads, String[] tasks,
                                      Object[] awaited, StackTraceElement[][] stacks) {
        Object[] blockers = new Object[threads.length];
        boolean askLocks = false;
        for (int i = 0; i < threads.length; i++) {
            blockers[i] = LockSupport.getBlocker(threads[i]);
            askLocks |= threads[i].getState() == Thread.State.BLOCKED || blockers[i] instanceof AbstractOwnableSynchronizer
                    || stacks[i].length > 0 && "java.lang.Object".equals(stacks[i][0].getClassName());
        }
        String[][] locks = askLocks ? LockOwners.of(threads) : null;
        List<StallReport.Worker> described = new ArrayList<>();
        for (int i = 0; i < threads.length; i++) {
            Object blocker = blockers[i];
            Object future = awaited[i] != null ? awaited[i] : blocker instanceof Future<?> ? blocker : null;
            String[] lock = locks == null ? null : locks[i];
            BlockedOn.Facts facts = new BlockedOn.Facts(threads[i].getState(), TaskDescriber.describe(future),
                    blocker == null ? null : blocker.getClass().getName(), synchronizerText(blocker),
                    lock == null ? null : lock[0], lock == null ? null : lock[1], stacks[i]);
            described.add(new StallReport.Worker(threads[i].getName(), tasks[i], BlockedOn.describe(facts),
                    Stacks.withoutOwnFrames(stacks[i])));
        }
        return new StallReport(poolId, queued, waitedMillis, described);
    }

    /**
     * The text of a JDK latch or semaphore, whose AQS {@code toString()} states its count; nothing for
     * other blockers, whose {@code toString()} may be the application's code.
     */
    private static String synchronizerText(Object blocker) {
        if (blocker == null) {
            return null;
        }
        String type = blocker.getClass().getName();
        if (type.startsWith("java.util.concurrent.CountDownLatch$") || type.startsWith("java.util.concurrent.Semaphore$")) {
            return TaskDescriber.describe(blocker);
        }
        return null;
    }
}
