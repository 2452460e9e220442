package dev.poolguard.bootstrap;

import dev.poolguard.bootstrap.waits.CompletionWaits;
import dev.poolguard.bootstrap.waits.DeadlockWatch;
import dev.poolguard.bootstrap.waits.Stacks;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.poolguard.DeadlockDetectedException;
import dev.poolguard.bootstrap.Faults.Feature;

/**
 * The entry points that rewritten waits call (futures, completion services, async stages): one static
 * call per site, nothing else in the JDK's code, guarded by {@link Guard} (or by hand where a hook
 * answers, saying why). Whatever poolguard throws is counted and switches the feature off; the
 * application's own exceptions pass untouched. Pools' hooks are {@link PoolHooks}, the shutdown
 * sequence's {@link ShutdownHooks}.
 *
 * <p>Names and descriptors here are part of the rewriting contract (see the agent's
 * {@code dev.poolguard.agent.install.HookMethods}); change both together.
 */
@SuppressWarnings("removal") // getSecurityManager: null on 25, and on 17 unless the application set one
public final class PoolguardHooks {
    private static final DeadlockWatch WATCH = PoolguardRuntime.WATCH;

    private PoolguardHooks() {
    }

    /**
     * First line of {@code FutureTask.awaitDone} and {@code CompletableFuture.waitingGet/timedGet}: a wait
     * that will really block. Registers it (a few stores in the thread's own slot) and checks it for a
     * same-pool risk; a deadlock is looked for only if the wait stays parked ({@link #park}).
     */
    public static void waitStarting(Object future, boolean timed, long nanos) {
        if (!WATCH.tracking() || timed && nanos <= 0 || Thread.currentThread().isInterrupted()) {
            return; // a zero-timeout poll, or an interrupt pending: the wait returns at once, it never blocks
        }
        Guard.run(Feature.DEADLOCK_DETECTION, timed ? Guard.TIMED_WAIT_STARTING : Guard.WAIT_STARTING, future, null);
    }

    /**
     * Replaces {@code LockSupport.park(blocker)} in the waits above ({@code FutureTask.awaitDone},
     * {@code CompletableFuture.Signaller.block}). A registered wait parks in slices until its next check,
     * then is analysed; the waits' own loops treat an early return as the spurious wake-up that
     * {@code park} may always have. In fail mode, throws the wait's {@link DeadlockDetectedException}.
     */
    public static void park(Object blocker) {
        long slice = ParkCheck.beforeParking();
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
        long slice = ParkCheck.beforeParking();
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
        if (WATCH.tracking()) {
            Guard.undo(Feature.DEADLOCK_DETECTION, Guard.WAIT_ENDED, future, null);
        }
    }

    /** First line of {@code CompletableFuture.AsyncSupply/AsyncRun.run()}, given the future it completes. */
    public static void stageStarting(Object future) {
        if (WATCH.tracking()) {
            Guard.run(Feature.DEADLOCK_DETECTION, Guard.STAGE_STARTING, future, null);
        }
    }

    /** Every return of those {@code run()} methods. */
    public static void stageFinished() {
        if (WATCH.tracking()) {
            Guard.undo(Feature.DEADLOCK_DETECTION, Guard.STAGE_FINISHED, null, null);
        }
    }
}
