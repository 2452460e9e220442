package dev.poolguard.bootstrap.shutdown;

import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.pools.WorkerRecord;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The tasks that application pools had accepted (running or queued) when shutdown began: the work that
 * may still finish, and may still ask for a worker or submit a step of its own (contract, shutdown
 * sequence, steps 2 and 4). Noted once, when shutdown begins, by walking the pools' workers and queues:
 * nothing is recorded per task before that, so knowing it costs nothing while the application runs.
 *
 * <p>Identity, not equality: a task is the object a pool holds. Written only while being built, then
 * published through a volatile field and only read, so readers need no lock.
 */
final class PreShutdownWork {
    static final PreShutdownWork NONE = new PreShutdownWork(Collections.emptySet());

    private final Set<Object> tasks;

    private PreShutdownWork(Set<Object> tasks) {
        this.tasks = tasks;
    }

    /** Every task a live worker of an application pool holds now, and every task queued in one. */
    static PreShutdownWork noteNow(PoolRegistry registry) {
        Set<Object> tasks = Collections.newSetFromMap(new IdentityHashMap<>());
        for (PoolRecord record : registry.livePools()) {
            ThreadPoolExecutor pool = record.pool();
            if (pool == null || record.jdkInternal()) {
                continue;
            }
            for (WorkerRecord worker : record.workersNow()) {
                Runnable task = worker.task();
                if (task != null) {
                    tasks.add(task);
                }
            }
            try {
                for (Object queued : pool.getQueue().toArray()) {
                    tasks.add(queued);
                }
            } catch (RuntimeException unreadable) {
                // an application queue that cannot be read: its tasks count as started after shutdown
                // began (refused spawns and submissions, as before this rule), not a reason to stop the guard
            }
        }
        return new PreShutdownWork(tasks);
    }

    /** Whether {@code task} (null: none) was accepted before shutdown began. */
    boolean contains(Object task) {
        return task != null && tasks.contains(task);
    }

    int size() {
        return tasks.size();
    }
}
