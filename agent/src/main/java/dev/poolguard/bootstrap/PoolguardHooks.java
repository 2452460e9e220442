package dev.poolguard.bootstrap;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.poolguard.DeadlockDetectedException;
import dev.poolguard.bootstrap.Faults.Feature;

/**
 * The entry points that rewritten JDK methods call: one static call per site, nothing else in the
 * JDK's code. Each catches whatever poolguard throws (counted in {@link Faults}, which then switches the
 * feature off) and lets the application's own exceptions through untouched.
 *
 * <p>Names and descriptors here are part of the rewriting contract (see the agent's
 * {@code dev.poolguard.agent.install.HookMethods}); change both together.
 */
@SuppressWarnings("removal") // getSecurityManager: null on 25, and on 17 unless the application set one
public final class PoolguardHooks {
    private static final PoolRegistry REGISTRY = PoolguardRuntime.REGISTRY;
    private static final ShutdownGuard SHUTDOWN = PoolguardRuntime.SHUTDOWN;
    private static final DeadlockWatch WATCH = PoolguardRuntime.WATCH;

    private PoolguardHooks() {
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
        if (Feature.DEADLOCK_DETECTION.enabled() && WATCH.tracking()) {
            try {
                WATCH.workerStarted(record);
            } catch (Throwable fault) {
                Faults.suppressed(Feature.DEADLOCK_DETECTION, fault);
            }
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
        if (!PoolguardRuntime.active) {
            return;
        }
        try {
            REGISTRY.workerGone(worker);
        } catch (Throwable fault) {
            Faults.suppressed(Feature.WORKER_TRACKING, fault);
        }
    }

    /** First line of {@code ThreadPoolExecutor.reject(task)}. */
    public static void rejected(ThreadPoolExecutor pool, Runnable task) {
        if (!PoolguardRuntime.active || !Feature.SHUTDOWN_GUARD.enabled()) {
            return;
        }
        try {
            SHUTDOWN.rejected(pool);
        } catch (Throwable fault) {
            Faults.suppressed(Feature.SHUTDOWN_GUARD, fault);
        }
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
        if (!PoolguardRuntime.active || !Feature.DEADLOCK_DETECTION.enabled() || !WATCH.tracking()) {
            return;
        }
        try {
            WATCH.submitting(pool, task);
        } catch (Throwable fault) {
            Faults.suppressed(Feature.DEADLOCK_DETECTION, fault);
        }
    }

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

    /**
     * First line of {@code FutureTask.awaitDone} and {@code CompletableFuture.waitingGet/timedGet}: a wait
     * that will really block. Registers it (a few stores in the thread's own slot) and checks it for a
     * same-pool risk; a deadlock is looked for only if the wait stays parked ({@link #park}).
     */
    public static void waitStarting(Object future, boolean timed, long nanos) {
        if (!PoolguardRuntime.active || !Feature.DEADLOCK_DETECTION.enabled() || !WATCH.tracking()) {
            return;
        }
        if (timed && nanos <= 0 || Thread.currentThread().isInterrupted()) {
            return; // a zero-timeout poll, or an interrupt pending: the wait returns at once, it never blocks
        }
        try {
            Faults.trip(Feature.DEADLOCK_DETECTION);
            if (System.getSecurityManager() == null) {
                WATCH.waitStarting(future, timed); // no lambda
            } else {
                Privileged.run(() -> WATCH.waitStarting(future, timed));
            }
        } catch (Throwable fault) {
            Faults.suppressed(Feature.DEADLOCK_DETECTION, fault);
        }
    }

    /**
     * Replaces {@code LockSupport.park(blocker)} in the waits above ({@code FutureTask.awaitDone},
     * {@code CompletableFuture.Signaller.block}). A registered wait parks in slices until its next check,
     * then is analysed; the waits' own loops treat an early return as the spurious wake-up that
     * {@code park} may always have. In fail mode, throws the wait's {@link DeadlockDetectedException}.
     */
    public static void park(Object blocker) {
        long slice = checkBeforeParking();
        if (slice < 0L) {
            parkBeforeFirstCheck(blocker, -slice);
        } else if (slice > 0L) {
            LockSupport.parkNanos(blocker, slice);
        } else {
            LockSupport.park(blocker);
        }
    }

    /** Replaces {@code LockSupport.parkNanos(blocker, nanos)} in the same waits: as {@link #park}, never longer. */
    public static void parkNanos(Object blocker, long nanos) {
        long slice = checkBeforeParking();
        if (slice < 0L) {
            parkBeforeFirstCheck(blocker, Math.min(nanos, -slice));
        } else {
            LockSupport.parkNanos(blocker, slice > 0L ? Math.min(nanos, slice) : nanos);
        }
    }

    /**
     * A wait parked before its first check: its own frame, so that a thread dump (and a test) can tell a
     * wait poolguard has not looked at yet from one it has ({@link #park} or {@link #parkNanos} on top).
     */
    private static void parkBeforeFirstCheck(Object blocker, long nanos) {
        LockSupport.parkNanos(blocker, nanos);
    }

    /**
     * How long the current wait may park before its next check (negative: before its first), or 0 for
     * "as it would without the agent".
     */
    static long checkBeforeParking() {
        if (!PoolguardRuntime.active || !Feature.DEADLOCK_DETECTION.enabled() || !WATCH.tracking()) {
            return 0L;
        }
        try {
            long now = System.nanoTime();
            return System.getSecurityManager() == null ? WATCH.parking(now) // no lambda
                    : Privileged.call(() -> WATCH.parking(now));
        } catch (DeadlockDetectedException verdict) {
            verdict.setStackTrace(Stacks.withoutOwnFrames(verdict.getStackTrace()));
            throw verdict;
        } catch (Throwable fault) {
            Faults.suppressed(Feature.DEADLOCK_DETECTION, fault);
            return 0L;
        }
    }

    /** Replaces {@code completionQueue.take()} in {@code ExecutorCompletionService.take()} ({@link CompletionWaits}). */
    public static Object takeCompletion(BlockingQueue<?> queue, Object service) throws InterruptedException {
        return PoolguardRuntime.active ? CompletionWaits.poll(queue, service, false, 0L) : queue.take();
    }

    /** Replaces {@code completionQueue.poll(timeout, unit)} in {@code ExecutorCompletionService.poll(timeout, unit)}. */
    public static Object pollCompletion(BlockingQueue<?> queue, long timeout, TimeUnit unit, Object service)
            throws InterruptedException {
        return PoolguardRuntime.active ? CompletionWaits.poll(queue, service, true, unit.toNanos(timeout))
                : queue.poll(timeout, unit);
    }

    /** Every exit, normal or exceptional, of the waits above. */
    public static void waitEnded(Object future) {
        if (!PoolguardRuntime.active || !WATCH.tracking()) {
            return;
        }
        try {
            if (System.getSecurityManager() == null) {
                WATCH.waitEnded(); // no lambda; may report a same-pool wait that ended before its first check
            } else {
                Privileged.run(WATCH::waitEnded);
            }
        } catch (Throwable fault) {
            Faults.suppressed(Feature.DEADLOCK_DETECTION, fault);
        }
    }

    /** First line of {@code CompletableFuture.AsyncSupply/AsyncRun.run()}, given the future it completes. */
    public static void stageStarting(Object future) {
        if (!PoolguardRuntime.active || !Feature.DEADLOCK_DETECTION.enabled() || !WATCH.tracking()) {
            return;
        }
        try {
            WATCH.stageStarting(future);
        } catch (Throwable fault) {
            Faults.suppressed(Feature.DEADLOCK_DETECTION, fault);
        }
    }

    /** Every return of those {@code run()} methods. */
    public static void stageFinished() {
        if (!PoolguardRuntime.active || !WATCH.tracking()) {
            return;
        }
        try {
            WATCH.stageFinished();
        } catch (Throwable fault) {
            Faults.suppressed(Feature.DEADLOCK_DETECTION, fault);
        }
    }

    /** First line of {@code Shutdown.exit(status)}. */
    public static void exitRequested(int status) {
        if (!PoolguardRuntime.active || !Feature.SHUTDOWN_GUARD.enabled()) {
            return;
        }
        try {
            SHUTDOWN.exitRequested(status);
        } catch (Throwable fault) {
            Faults.suppressed(Feature.SHUTDOWN_GUARD, fault);
        }
    }

    /** First line of {@code Shutdown.shutdown()}. */
    public static void lastThreadEnded() {
        if (!PoolguardRuntime.active || !Feature.SHUTDOWN_GUARD.enabled()) {
            return;
        }
        try {
            SHUTDOWN.lastThreadEnded();
        } catch (Throwable fault) {
            Faults.suppressed(Feature.SHUTDOWN_GUARD, fault);
        }
    }

    /** First line of {@code Shutdown.runHooks()}. */
    public static void shutdownHooksStarting() {
        if (!PoolguardRuntime.active || !Feature.SHUTDOWN_GUARD.enabled()) {
            return;
        }
        try {
            if (System.getSecurityManager() == null) {
                SHUTDOWN.hooksStarting(); // no method reference to link inside System.exit
            } else {
                Privileged.run(SHUTDOWN::hooksStarting);
            }
        } catch (Throwable fault) {
            Faults.suppressed(Feature.SHUTDOWN_GUARD, fault);
        }
    }

    /** First line of {@code ApplicationShutdownHooks.runHooks()}, given its {@code hooks} map. */
    public static void applicationHooksStarting(Object hooks) {
        if (!PoolguardRuntime.active || !Feature.SHUTDOWN_GUARD.enabled()) {
            return;
        }
        try {
            SHUTDOWN.applicationHooksStarting(hooks);
        } catch (Throwable fault) {
            Faults.suppressed(Feature.SHUTDOWN_GUARD, fault);
        }
    }

    /** Every return of {@code ApplicationShutdownHooks.runHooks()}. */
    public static void applicationHooksFinished() {
        if (!PoolguardRuntime.active || !Feature.SHUTDOWN_GUARD.enabled()) {
            return;
        }
        try {
            if (System.getSecurityManager() == null) {
                SHUTDOWN.applicationHooksFinished(); // no method reference to link inside System.exit
            } else {
                Privileged.run(SHUTDOWN::applicationHooksFinished);
            }
        } catch (Throwable fault) {
            Faults.suppressed(Feature.SHUTDOWN_GUARD, fault);
        }
    }

    /** First line of {@code Shutdown.halt(status)}. */
    public static void halting(int status) {
        if (!PoolguardRuntime.active || !Feature.SHUTDOWN_GUARD.enabled()) {
            return;
        }
        try {
            if (System.getSecurityManager() == null) {
                SHUTDOWN.halting(); // no method reference to link inside System.exit
            } else {
                Privileged.run(SHUTDOWN::halting);
            }
        } catch (Throwable fault) {
            Faults.suppressed(Feature.SHUTDOWN_GUARD, fault);
        }
    }
}
