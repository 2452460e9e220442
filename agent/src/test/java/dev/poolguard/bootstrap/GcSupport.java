package dev.poolguard.bootstrap;

import java.lang.ref.WeakReference;
import java.util.function.BooleanSupplier;

/**
 * Waiting for the garbage collector: a bounded number of {@code System.gc()} rounds, each followed by a
 * check of the state the test waits for. No sleeps: each round ends as soon as the state is reached.
 */
public final class GcSupport {
    static final int ATTEMPTS = 200;

    private GcSupport() {
    }

    /** True once {@code ref} was cleared, false if it survived every attempt. */
    public static boolean collect(WeakReference<?> ref) {
        return gcUntil(() -> ref.get() == null);
    }

    /** Runs GC rounds until {@code state} holds; false if it never did. */
    public static boolean gcUntil(BooleanSupplier state) {
        for (int i = 0; i < ATTEMPTS; i++) {
            if (state.getAsBoolean()) {
                return true;
            }
            System.gc();
            // the Reference Handler thread enqueues cleared references after the collection: let it run
            Thread.yield();
        }
        return state.getAsBoolean();
    }
}
