package dev.poolguard.bootstrap.detect;

import java.util.Collection;

/**
 * What the detector may ask about the program's state. Implemented from live data by the runtime and
 * from tables by the tests.
 *
 * <p>Every method must be cheap: the detector calls each at most a few times per node. The objects are
 * compared by identity only, never with {@code equals}.
 *
 * @param <T> thread
 * @param <F> future (a task's result)
 * @param <P> pool
 */
public interface WaitModel<T, F, P> {
    /** The future {@code thread} is blocked waiting on, or null if it is not waiting. */
    F awaitedBy(T thread);

    /** Whether {@code thread}'s wait has a timeout, so it will end by itself. */
    boolean timedWait(T thread);

    /**
     * For a wait that any one of several futures ends (a completion service's {@code take}, which
     * {@code invokeAny} uses; {@code CompletableFuture.anyOf}): those futures, any of which would end it;
     * an empty collection when none is known (an unknown producer, so progress). Null, the default, for a
     * plain future: the detector then asks {@link #runnerOf}, {@link #poolQueueing} and
     * {@link #prerequisiteOf} about {@code future} itself. Asked only during a full walk.
     */
    default Collection<F> alternativesOf(F future) {
        return null;
    }

    /**
     * The unfinished future that must complete before {@code future} can be, when nobody runs or queues
     * {@code future}'s own task yet: a dependent stage's source ({@code thenApplyAsync} on a queued
     * supply), or the first unfinished part of an all-of. Null, the default, when there is none (an
     * unknown producer, so progress). Following one part of an all-of is sound: if that part can never
     * complete, neither can the whole; a deadlock behind a later part is found by a later check, once the
     * earlier parts are done.
     */
    default F prerequisiteOf(F future) {
        return null;
    }

    /**
     * For a thread that waits on no future: the thread that owns the lock it is blocked acquiring (an
     * owned {@code java.util.concurrent.locks} lock, or a monitor), or null when it is not blocked on an
     * owned lock. A lock edge makes a ring through locks and futures a {@link DeadlockKind#CYCLE}.
     */
    default T lockOwnerBlocking(T thread) {
        return null;
    }

    /** Whether {@code future} is completed: normally, exceptionally or cancelled. */
    boolean isDone(F future);

    /** The thread running {@code future}'s task right now, or null (not started, or unknown). */
    T runnerOf(F future);

    /** The pool whose queue holds {@code future}'s task (accepted, not started), or null. */
    P poolQueueing(F future);

    /** The pool {@code thread} is a worker of, or null (for example {@code main}). */
    P poolOf(T thread);

    /** {@code pool}'s live workers; null is read as none. */
    Collection<T> workersOf(P pool);

    /** Whether {@code worker} is running a task; an idle worker will take queued work. */
    boolean busy(T worker);

    /** Whether {@code pool} may still start another worker that would run its queued work. */
    boolean canStartWorker(P pool);

    /**
     * Whether the task of {@code future}, which nobody runs, will be run by the pool queueing it: it is
     * queued nowhere known, or in a pool that may start a worker or has an idle one. False sends the
     * detector on a full walk. The default asks {@link #poolQueueing}, {@link #canStartWorker} and
     * {@link #hasIdleWorker}; a live model may answer without finding the queue when no pool is stuck.
     */
    default boolean queuedTaskProgresses(F future) {
        P pool = poolQueueing(future);
        return pool == null || canStartWorker(pool) || hasIdleWorker(pool);
    }

    /**
     * Whether one of {@code pool}'s live workers is idle, so it will take queued work. The default
     * asks {@link #workersOf} and {@link #busy}; a live model may answer without copying the workers.
     */
    default boolean hasIdleWorker(P pool) {
        Collection<T> workers = workersOf(pool);
        if (workers != null) {
            for (T worker : workers) {
                if (worker != null && !busy(worker)) {
                    return true;
                }
            }
        }
        return false;
    }
}
