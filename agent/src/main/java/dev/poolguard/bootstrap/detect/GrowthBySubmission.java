package dev.poolguard.bootstrap.detect;

import java.util.Collection;

/**
 * Whether a pool that starts a worker only when a task is submitted to it (below its core size, or with a
 * bounded queue that must fill up first: the Spring {@code @Async} shape, SPR-11418) may still be given
 * that submission by one of the threads that submitted to it before. A model's
 * {@link WaitModel#canStartWorker} asks it for such a pool, with the pool's submitters.
 *
 * <p>A submitter may still submit unless it is blocked: it waits (a long wait in the model) on a future
 * that is not done, and
 * <ul>
 * <li>it is a worker of the pool itself (inside: if its wait could end, the detector finds that through the
 *     pool's workers anyway, and a timeout among them makes the deadlock timed), or</li>
 * <li>its wait has no timeout and the detector, asked about it, finds it can never end unless this pool
 *     grows (a nested check in which this pool's growth by submission is assumed not to happen), with no
 *     timeout outside the pool on the way (a wait that times out may let it submit after all).</li>
 * </ul>
 * So a submitter that is not waiting, or waits with a timeout, or waits on something that will complete,
 * may fill the queue: not a deadlock now (the same-pool waits are risks). Submitters that ended are not
 * passed in; too many to know ({@code null}) may always submit. A thread that never submitted to the pool
 * is not counted: the analysis judges the program as it is, not a busier moment.
 *
 * <p>Nested checks are bounded ({@link #MAX_DEPTH} pools deep, {@link #MAX_CHECKS} per question); past
 * either bound the answer is "may submit", as for anything unknown. The pools being asked about are kept
 * per thread, since the nested check goes through the model back to here.
 */
public final class GrowthBySubmission {
    /** Pools whose growth is being asked about at once, nested (a submitter of one waits on the next). */
    static final int MAX_DEPTH = 3;
    /** Nested detector checks per outermost question. */
    static final int MAX_CHECKS = 16;

    private static final ThreadLocal<Asking> ASKING = new ThreadLocal<>() {
        @Override
        protected Asking initialValue() {
            return new Asking();
        }
    };

    private GrowthBySubmission() {
    }

    /**
     * @param submitters the live threads that submitted to {@code pool}, or null when there are too many
     *                   to know
     * @return whether one of them may still submit to {@code pool} (true when unsure)
     */
    public static <T, F, P> boolean someoneMaySubmit(WaitModel<T, F, P> model, P pool, Collection<T> submitters) {
        if (submitters == null) {
            return true;
        }
        for (T submitter : submitters) {
            F awaited = model.awaitedBy(submitter);
            if (awaited == null || model.isDone(awaited)) {
                return true; // not blocked: may submit at any time (the cheap answer, no nested check)
            }
        }
        Asking asking = ASKING.get();
        if (asking.has(pool)) {
            return false; // this pool's growth is the question being asked further out: assumed not
        }
        if (asking.depth == MAX_DEPTH) {
            return true;
        }
        if (asking.depth == 0) {
            asking.checksLeft = MAX_CHECKS;
        }
        asking.push(pool);
        try {
            for (T submitter : submitters) {
                if (model.poolOf(submitter) == pool) {
                    continue; // its own worker, in a long wait: inside
                }
                if (model.timedWait(submitter) || asking.checksLeft-- <= 0) {
                    return true;
                }
                Verdict<T, F, P> verdict = DeadlockDetector.check(model, submitter);
                if (verdict == null || timedOutside(model, verdict, pool)) {
                    return true;
                }
            }
            return false;
        } finally {
            asking.pop();
        }
    }

    /** How many pools are being asked about on this thread now: 0 between questions (for tests). */
    static int depthNow() {
        return ASKING.get().depth;
    }

    /** Whether a wait of the verdict that is not one of {@code pool}'s workers' has a timeout. */
    private static <T, F, P> boolean timedOutside(WaitModel<T, F, P> model, Verdict<T, F, P> verdict, P pool) {
        if (!verdict.timed()) {
            return false;
        }
        for (T thread : verdict.threads()) {
            if (model.timedWait(thread) && model.poolOf(thread) != pool) {
                return true;
            }
        }
        return false;
    }

    /** The pools being asked about on this thread, outermost first. */
    private static final class Asking {
        final Object[] pools = new Object[MAX_DEPTH];
        int depth;
        int checksLeft;

        boolean has(Object pool) {
            for (int i = 0; i < depth; i++) {
                if (pools[i] == pool) {
                    return true;
                }
            }
            return false;
        }

        void push(Object pool) {
            pools[depth++] = pool;
        }

        void pop() {
            pools[--depth] = null;
        }
    }
}
