package dev.poolguard.bootstrap;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which thread is blocked on which future right now. Entered only by waits that really block (the
 * rewritten methods run only when the result is not there yet), left on every way out of the wait.
 *
 * <p>An untimed wait, the common blocking {@code get} or {@code join}, is stored as the future itself,
 * so entering it allocates only the map's node; a timed one is wrapped in a {@link Timed} marker.
 */
final class WaitRegistry {
    /** Stands for the future of a wait with a timeout. Private: no application object can be one. */
    private record Timed(Object future) { }

    private final ConcurrentHashMap<Thread, Object> waits = new ConcurrentHashMap<>();

    void started(Thread thread, Object future, boolean timed) {
        waits.put(thread, timed ? new Timed(future) : future);
    }

    void ended(Thread thread) {
        waits.remove(thread);
    }

    /** The future {@code thread} waits on, or null. */
    Object futureOf(Thread thread) {
        Object entry = waits.get(thread);
        return entry instanceof Timed timed ? timed.future() : entry;
    }

    /** Whether {@code thread} waits, with a timeout. */
    boolean timed(Thread thread) {
        return waits.get(thread) instanceof Timed;
    }

    /** The wait of {@code thread} as stored, or null: to put it aside and {@link #restore} it unchanged. */
    Object entry(Thread thread) {
        return waits.get(thread);
    }

    /** Puts back an entry taken by {@link #entry}. */
    void restore(Thread thread, Object entry) {
        waits.put(thread, entry);
    }
}
