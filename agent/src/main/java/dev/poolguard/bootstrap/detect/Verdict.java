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
 * @param <T> thread
 * @param <F> future; unused in the fields, kept so a verdict is typed like the model it came from
 * @param <P> pool
 */
public record Verdict<T, F, P>(DeadlockKind kind, boolean timed, List<T> threads, List<P> pools) {
    public Verdict {
        Objects.requireNonNull(kind, "kind");
        // Immutable copies: the verdict is handed to the reporting code, possibly on another thread.
        threads = List.copyOf(threads);
        pools = List.copyOf(pools);
    }
}
