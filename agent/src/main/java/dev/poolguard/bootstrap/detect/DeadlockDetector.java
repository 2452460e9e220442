package dev.poolguard.bootstrap.detect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Decides whether a wait can ever be satisfied, by a progress analysis over a {@link WaitModel}.
 *
 * <p>The nodes are threads and pools. A thread that is not waiting, or waits on a done future, or on a
 * future nobody runs or queues and that waits for no unfinished prerequisite (an unknown producer), can
 * progress. A thread waiting on a future otherwise depends on one node: the thread running its future,
 * or the pool queueing it, or, when neither is known, whatever its prerequisite depends on (a dependent
 * stage waits for its source); none at all when it runs its own future. A wait that any of several
 * futures ends (a completion service's {@code take}) depends on each of their nodes, any one of which
 * would do. A thread blocked acquiring a lock depends on the lock's owner. A pool can progress if it may start a worker or has an idle one; otherwise it depends
 * on its busy workers, any one of which would do. Every condition is therefore an "or" over a node's
 * successors, so the least fixpoint of "can progress" is plain reachability: a node can progress iff a
 * node that progresses by itself (a leaf above) is reachable from it. The detector walks the graph
 * breadth-first from the closing thread and stops at the first such leaf; if there is none, everything
 * it reached is blocked, and that is the deadlock.
 *
 * <p>Conservative by construction: anything unknown counts as progress, so the answer is "deadlock" only
 * when the model proves it. The walk uses an explicit queue (no recursion), visits each node once, and
 * costs O(reachable nodes + edges). The common case, a wait on a task running on a thread that is not
 * waiting, returns before allocating anything.
 */
public final class DeadlockDetector {
    /** Markers for the kind of a visited node; {@code Boolean} constants, so visiting never allocates. */
    private static final Boolean THREAD = Boolean.FALSE;
    private static final Boolean POOL = Boolean.TRUE;

    private DeadlockDetector() {
    }

    /**
     * Called when {@code closing} begins waiting on {@code model.awaitedBy(closing)}.
     *
     * @return the deadlock if that wait can never be satisfied, else null (also when in doubt)
     */
    public static <T, F, P> Verdict<T, F, P> check(WaitModel<T, F, P> model, T closing) {
        if (model == null || closing == null) {
            return null;
        }
        // Fast path: look one step ahead without allocating. Most waits end here, on a task that a
        // thread which is not itself blocked is running, or that a pool can still start a worker for
        // or has an idle worker to run.
        F awaited = model.awaitedBy(closing);
        if (awaited == null || model.isDone(awaited)) {
            return null;
        }
        if (model.alternativesOf(awaited) != null) {
            return search(model, closing);
        }
        T runner = model.runnerOf(awaited);
        if (runner != null && runner != closing) {
            F next = model.awaitedBy(runner);
            if (next == null ? model.lockOwnerBlocking(runner) == null : model.isDone(next)) {
                return null;
            }
        } else if (runner == null && model.prerequisiteOf(awaited) == null
                && model.queuedTaskProgresses(awaited)) {
            return null; // the walk would stop at that pool too: an idle worker will take the task
        }
        return search(model, closing);
    }

    /** The full breadth-first walk; returns null as soon as something reachable is shown to progress. */
    @SuppressWarnings("unchecked") // the marker stored with each node says which type it is
    private static <T, F, P> Verdict<T, F, P> search(WaitModel<T, F, P> model, T closing) {
        Walk<T, F, P> walk = new Walk<>(model, closing);
        ArrayList<Object> order = walk.order;
        for (int i = 0; i < order.size(); i++) {
            Object node = order.get(i);
            if (walk.seen.get(node) == POOL) {
                P pool = (P) node;
                if (model.canStartWorker(pool)) {
                    return null;
                }
                Collection<T> workers = model.workersOf(pool);
                if (workers != null) {
                    for (T worker : workers) {
                        if (worker == null) {
                            continue; // not a live worker: it can neither help nor block
                        }
                        if (!model.busy(worker)) {
                            return null; // an idle worker will take the queued task
                        }
                        walk.thread(worker);
                    }
                }
                continue;
            }
            T thread = (T) node;
            F future = model.awaitedBy(thread);
            if (future == null) {
                // Not waiting on a future: blocked only if it waits for a lock another thread owns.
                T owner = model.lockOwnerBlocking(thread);
                if (owner == null || owner == thread) {
                    return null;
                }
                walk.thread(owner);
                continue;
            }
            Collection<F> alternatives = model.alternativesOf(future);
            if (alternatives == null) {
                int outcome = walk.follow(thread, future);
                if (outcome == PROGRESS) {
                    return null;
                }
                // Waits, through its prerequisites, on its own task: never progresses.
                walk.selfWait |= outcome == SELF && i == 0;
                continue;
            }
            // Any one of the alternatives ends the wait: blocked only if every one of them is.
            if (alternatives.isEmpty() || model.isDone(future)) {
                return null;
            }
            for (F alternative : alternatives) {
                if (walk.follow(thread, alternative) == PROGRESS) {
                    return null;
                }
            }
        }
        return verdict(model, walk.seen, order, walk.selfWait, walk.closesLoop, walk.poolCount);
    }

    /** Outcomes of {@link Walk#follow}. */
    private static final int PROGRESS = 0;
    private static final int SELF = 1;
    private static final int EDGE = 2;

    /** Prerequisites followed per future at most: a dependent stage's chain; past that, unsure: progress. */
    private static final int MAX_PREREQUISITES = 32;

    /** The state of one full walk: the nodes seen, in order, and what the edges met so far say. */
    private static final class Walk<T, F, P> {
        final WaitModel<T, F, P> model;
        final T closing;
        final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        final ArrayList<Object> order = new ArrayList<>(); // the BFS queue, kept whole: the verdict's order
        boolean selfWait;
        boolean closesLoop; // an edge leads back to `closing`: its own wait is part of the ring
        int poolCount;

        Walk(WaitModel<T, F, P> model, T closing) {
            this.model = model;
            this.closing = closing;
            seen.put(closing, THREAD);
            order.add(closing);
        }

        /** An edge to {@code thread}: queued unless seen. */
        void thread(T thread) {
            closesLoop |= thread == closing;
            visit(seen, order, thread, THREAD);
        }

        /**
         * The edge of {@code waiter}'s wait on {@code future}: to the thread running its task, else to the
         * pool queueing it, else along its prerequisites. PROGRESS when the future is done or its
         * producer unknown; SELF when {@code waiter} itself runs it (no edge).
         */
        int follow(T waiter, F future) {
            for (int step = 0; step < MAX_PREREQUISITES; step++) {
                if (future == null || model.isDone(future)) {
                    return PROGRESS;
                }
                T runner = model.runnerOf(future);
                if (runner == waiter) {
                    closesLoop |= runner == closing;
                    return SELF;
                }
                if (runner != null) {
                    thread(runner);
                    return EDGE;
                }
                P pool = model.poolQueueing(future);
                if (pool != null) {
                    if (visit(seen, order, pool, POOL)) {
                        poolCount++;
                    }
                    return EDGE;
                }
                future = model.prerequisiteOf(future);
            }
            return PROGRESS;
        }
    }

    /** Queues {@code node} unless already seen; returns whether it was new. */
    private static boolean visit(IdentityHashMap<Object, Boolean> seen, ArrayList<Object> order,
                                 Object node, Boolean kind) {
        if (seen.putIfAbsent(node, kind) != null) {
            return false;
        }
        order.add(node);
        return true;
    }

    /** Builds the verdict from a finished walk: every node it reached is blocked. */
    @SuppressWarnings("unchecked")
    private static <T, F, P> Verdict<T, F, P> verdict(WaitModel<T, F, P> model,
                                                      IdentityHashMap<Object, Boolean> seen,
                                                      ArrayList<Object> order, boolean selfWait,
                                                      boolean closesLoop, int poolCount) {
        List<T> threads = new ArrayList<>(order.size() - poolCount);
        List<P> pools = new ArrayList<>(poolCount);
        boolean timed = false;
        for (Object node : order) {
            if (seen.get(node) == POOL) {
                pools.add((P) node);
            } else {
                threads.add((T) node);
                timed |= model.timedWait((T) node);
            }
        }
        // SELF_WAIT only for the closing thread's own task; a self-wait met further along a chain is
        // part of whatever the chain is (it was reported when that thread's wait began).
        DeadlockKind kind = selfWait ? DeadlockKind.SELF_WAIT
                : poolCount > 0 ? DeadlockKind.STARVATION
                : DeadlockKind.CYCLE;
        return new Verdict<>(kind, timed, threads, pools, closesLoop);
    }
}
