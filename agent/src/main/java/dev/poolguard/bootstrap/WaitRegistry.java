package dev.poolguard.bootstrap;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which thread is blocked on which future right now. Entered only by waits that really block (the
 * rewritten methods run only when the result is not there yet), left on every way out of the wait.
 */
final class WaitRegistry {
    /** One blocking wait. */
    record Wait(Object future, boolean timed) { }

    private final ConcurrentHashMap<Thread, Wait> waits = new ConcurrentHashMap<>();

    void started(Thread thread, Object future, boolean timed) {
        waits.put(thread, new Wait(future, timed));
    }

    void ended(Thread thread) {
        waits.remove(thread);
    }

    Wait of(Thread thread) {
        return waits.get(thread);
    }

    int size() {
        return waits.size();
    }
}
