package dev.poolguard.bootstrap.waits;

import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.pools.TaskDescriber;
import dev.poolguard.bootstrap.pools.WorkerRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;

import dev.poolguard.bootstrap.waits.DeadlockReport.PoolInfo;
import dev.poolguard.bootstrap.waits.DeadlockReport.ThreadInfo;
import dev.poolguard.bootstrap.detect.Verdict;

/** A deadlock the detector found, told: its identity (to report it once) and its report. */
final class DeadlockDescriber {
    private DeadlockDescriber() {
    }

    /** Same threads waiting on the same futures (and locks) is the same deadlock, whoever noticed it. */
    static String key(Verdict<Thread, Object, PoolRecord> verdict, LiveWaitModel model) {
        List<String> parts = new ArrayList<>();
        for (Thread thread : verdict.threads()) {
            LockWaits.LockWait lock = model.locks.waitOf(thread); // a lock waiter: the lock it waits for
            Object awaited = lock != null ? lock.lock() : System.identityHashCode(model.awaitedBy(thread));
            parts.add(thread.getId() + ":" + awaited);
        }
        Collections.sort(parts);
        return verdict.kind() + (verdict.timed() ? " timed" : "") + parts.toString();
    }

    /** The report of a deadlock: each thread with its pool, task, wait (or lock) and stack; each pool. */
    static DeadlockReport describe(Verdict<Thread, Object, PoolRecord> verdict, LiveWaitModel model,
                                   PoolRegistry registry, StageTracker stages) {
        List<ThreadInfo> threads = new ArrayList<>();
        for (Thread thread : verdict.threads()) {
            PoolRecord pool = model.poolOf(thread);
            LockWaits.LockWait lock = model.locks.waitOf(thread);
            threads.add(new ThreadInfo(thread.getName(), pool == null ? null : pool.id(), taskOf(thread, registry, stages),
                    TaskDescriber.describe(model.awaitedBy(thread)), lock == null ? null : lock.held(),
                    Stacks.of(thread)));
        }
        List<PoolInfo> pools = new ArrayList<>();
        for (PoolRecord record : verdict.pools()) {
            ThreadPoolExecutor pool = record.pool();
            PoolInfo forkJoin = pool == null ? ForkJoinWaits.info(record) : null;
            if (pool != null) {
                pools.add(new PoolInfo(record.id(), pool.getClass().getName(), pool.getPoolSize(),
                        pool.getMaximumPoolSize(), pool.getQueue().size()));
            } else if (forkJoin != null) {
                pools.add(forkJoin);
            }
        }
        return new DeadlockReport(verdict.kind().name(), verdict.timed(), threads, pools);
    }

    /** What a thread runs: its pool task, or the async stage it works on, or null when unknown. */
    private static String taskOf(Thread thread, PoolRegistry registry, StageTracker stages) {
        WorkerRecord worker = registry.workerOf(thread);
        if (worker != null && worker.task() != null) {
            return TaskDescriber.describe(worker.task());
        }
        Object stage = worker != null ? worker.producing() : stages.producedBy(thread);
        return stage != null ? "async stage completing " + TaskDescriber.describe(stage) : ForkJoinWaits.taskOf(thread);
    }
}
