package dev.poolguard.bootstrap.detect;

import java.util.List;
import java.util.Objects;

/**
 * A deadlock found by {@link DeadlockDetector#check}.
 *
 * @param kind    the shape of the deadlock
 * @param timed   whether a wait of one of {@code threads} has a timeout, so the deadlock will end by itself
 * @param threads the blocked threads reachable from the closing thread: the closing thread first, then in
 *                breadth-first order along wait edges, each once
 * @param pools   the blocked pools reachable from the closing thread, in the order first reached (empty
 *                unless {@code kind} is {@link DeadlockKind#STARVATION})
 * @param closesLoop whether the closing thread's own wait is part of the ring (an edge of the blocked graph
 *                leads back to it). False when it only joins a deadlock that other waits closed before: that
 *                deadlock was reported then, and breaking it (fail mode) frees this wait too.
 * @param <T> thread
 * @param <F> future; unused in the fields, kept so a verdict is typed like the model it came from
 * @param <P> pool
 */
public record Verdict<T, F, P>(DeadlockKind kind, boolean timed, List<T> threads, List<P> pools,
                              boolean closesLoop) {
    public Verdict {
        Objects.requireNonNull(kind, "kind");
        // Immutable copies: the verdict is handed to the reporting code, possibly on another thread.
        threads = List.copyOf(threads);
        pools = List.copyOf(pools);
    }
}
