package dev.poolguard.bootstrap;

import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.pools.WorkerRecord;
import dev.poolguard.bootstrap.shutdown.ShutdownGuard;
import dev.poolguard.bootstrap.waits.DeadlockWatch;
import dev.poolguard.bootstrap.waits.WaitSlot;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;

import dev.poolguard.bootstrap.Faults.Feature;

/**
 * The entry points that rewritten {@code ThreadPoolExecutor} code calls (its workers, their tasks, its
 * submissions and rejections): one static call per site, nothing else in the JDK's code, guarded by
 * {@link Guard} (or by hand where a hook answers, saying why). Whatever poolguard throws is counted and
 * switches the feature off; the application's own exceptions pass untouched.
 *
 * <p>Names and descriptors here are part of the rewriting contract (see the agent's
 * {@code dev.poolguard.agent.install.HookMethods}); change both together.
 */
@SuppressWarnings("removal") // getSecurityManager: null on 25, and on 17 unless the application set one
public final class PoolHooks {
    private static final PoolRegistry REGISTRY = PoolguardRuntime.REGISTRY;
    private static final ShutdownGuard SHUTDOWN = PoolguardRuntime.SHUTDOWN;
    private static final DeadlockWatch WATCH = PoolguardRuntime.WATCH;

    private PoolHooks() {
    }

    /**
     * Replaces {@code threadFactory.newThread(worker)} in {@code ThreadPoolExecutor.Worker}'s
     * constructor. The worker's {@code firstTask} counts as its task from this moment: it is no longer
     * queued anywhere, and must not be invisible until the new thread gets to run it. Returning null is the pool's own way of being refused a thread: {@code addWorker}
     * then returns false and {@code execute} queues or rejects the task, as it does when a factory fails.
     */
    public static Thread newWorkerThread(ThreadFactory factory, Runnable worker, ThreadPoolExecutor pool,
                                         Runnable firstTask) {
        if (refuseSpawn(pool)) {
            return null;
        }
        Thread thread = factory.newThread(worker); // the application's factory: its exceptions pass
        // guarded by hand: the factory's exceptions are the application's, and the record is given back
        if (thread != null && PoolguardRuntime.active && Feature.WORKER_TRACKING.enabled()) {
            try {
                Faults.trip(Feature.WORKER_TRACKING);
                REGISTRY.workerCreated(pool, worker, thread).running(firstTask);
            } catch (Throwable fault) {
                Faults.suppressed(Feature.WORKER_TRACKING, fault);
            }
        }
        return thread;
    }

    /** Guarded by hand: it answers (a refused spawn), where {@link Guard} only runs. */
    private static boolean refuseSpawn(ThreadPoolExecutor pool) {
        if (!PoolguardRuntime.active || !Feature.SHUTDOWN_GUARD.enabled() || !SHUTDOWN.began()) {
            return false; // before shutdown: one volatile read, no allocation
        }
        try {
            Faults.trip(Feature.SHUTDOWN_GUARD);
            return System.getSecurityManager() == null ? SHUTDOWN.refuseSpawn(pool)
                    : Privileged.call(() -> SHUTDOWN.refuseSpawn(pool));
        } catch (Throwable fault) {
            Faults.suppressed(Feature.SHUTDOWN_GUARD, fault);
            return false;
        }
    }

    /** First line of {@code ThreadPoolExecutor.runWorker(w)}: the record lives in a local from here on. */
    public static WorkerRecord workerStarted(ThreadPoolExecutor pool, Object worker) {
        if (!PoolguardRuntime.active || !Feature.WORKER_TRACKING.enabled()) {
            return null;
        }
        WorkerRecord record;
        try {
            record = REGISTRY.workerStarted(pool, worker);
        } catch (Throwable fault) {
            Faults.suppressed(Feature.WORKER_TRACKING, fault);
            return null;
        }
        if (WATCH.tracking()) {
            Guard.run(Feature.DEADLOCK_DETECTION, Guard.WORKER_STARTED, record, null);
        }
        return record;
    }

    /** Just before {@code task.run()} in {@code runWorker}. Two stores; cannot fail. */
    public static void taskStarting(WorkerRecord worker, Runnable task) {
        if (worker != null) {
            worker.running(task);
        }
    }

    /**
     * Just after {@code task.run()} returned normally (a throwing task ends its worker). A submission the
     * task made and did not wait for is forgotten with it (plain fields of the worker's own slot).
     */
    public static void taskFinished(WorkerRecord worker) {
        if (worker != null) {
            worker.idle();
            WaitSlot waits = worker.waits;
            if (waits != null) {
                waits.forgetSubmission();
            }
        }
    }

    /** First line of {@code processWorkerExit(w, ...)} and of {@code addWorkerFailed(w)}. */
    public static void workerGone(Object worker) {
        Guard.undo(Feature.WORKER_TRACKING, Guard.WORKER_GONE, worker, null);
    }

    /** First line of {@code ThreadPoolExecutor.reject(task)}. */
    public static void rejected(ThreadPoolExecutor pool, Runnable task) {
        Guard.run(Feature.SHUTDOWN_GUARD, Guard.REJECTED, pool, null);
    }

    /**
     * First line of {@code ThreadPoolExecutor.execute(task)} and of
     * {@code ScheduledThreadPoolExecutor.delayedExecute(task)}. In the shutdown drain, a task from anyone
     * but a worker finishing pre-shutdown work is refused with {@link RejectedExecutionException}, as a
     * shut-down pool refuses it (before the drain: one volatile read). An accepted task is noted in the
     * submitting thread's own slot (two stores), so that waiting on it needs no search of the queue.
     */
    public static void submitting(ThreadPoolExecutor pool, Runnable task) {
        if (SHUTDOWN.draining()) {
            refuseInTheDrain(pool, task);
        }
        if (WATCH.tracking()) {
            Guard.run(Feature.DEADLOCK_DETECTION, Guard.SUBMITTING, pool, task);
        }
    }

    /** Guarded by hand: its refusal is thrown to the submitter on purpose, where {@link Guard} swallows. */
    private static void refuseInTheDrain(ThreadPoolExecutor pool, Runnable task) {
        if (!PoolguardRuntime.active || !Feature.SHUTDOWN_GUARD.enabled()) {
            return;
        }
        boolean refuse;
        try {
            Faults.trip(Feature.SHUTDOWN_GUARD);
            refuse = SHUTDOWN.refuseSubmit(pool);
        } catch (Throwable fault) {
            Faults.suppressed(Feature.SHUTDOWN_GUARD, fault);
            return;
        }
        if (refuse) {
            throw new RejectedExecutionException("Task " + task + " rejected from " + pool
                    + ": the JVM is shutting down (poolguard accepts only the steps of work that was"
                    + " accepted before shutdown began)");
        }
    }

}
