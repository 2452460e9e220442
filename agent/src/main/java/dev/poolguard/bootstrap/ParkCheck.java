package dev.poolguard.bootstrap;

import dev.poolguard.DeadlockDetectedException;
import dev.poolguard.bootstrap.Faults.Feature;
import dev.poolguard.bootstrap.waits.DeadlockWatch;
import dev.poolguard.bootstrap.waits.Stacks;

/**
 * The check a registered wait makes before each park: the rewritten parks of {@link PoolguardHooks} and a
 * completion service's sliced poll ({@code waits.CompletionWaits}). Guarded by hand, not by
 * {@link Guard}: it answers how long to park, and lets a deadlock found in fail mode through.
 */
@SuppressWarnings("removal") // getSecurityManager: null on 25, and on 17 unless the application set one
public final class ParkCheck {
    private static final DeadlockWatch WATCH = PoolguardRuntime.WATCH;

    private ParkCheck() {
    }

    /**
     * How long the current wait may park before its next check (negative: before its first), or 0 for
     * "as it would without the agent".
     */
    public static long beforeParking() {
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
}
