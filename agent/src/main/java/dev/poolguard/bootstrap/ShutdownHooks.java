package dev.poolguard.bootstrap;


import dev.poolguard.bootstrap.Faults.Feature;

/**
 * The entry points that the rewritten shutdown sequence calls ({@code Shutdown},
 * {@code ApplicationShutdownHooks}): one static call per site. Each catches whatever poolguard throws (counted in {@link Faults}, which then switches the
 * feature off) and lets the application's own exceptions through untouched.
 *
 * <p>Names and descriptors here are part of the rewriting contract (see the agent's
 * {@code dev.poolguard.agent.install.HookMethods}); change both together.
 */
@SuppressWarnings("removal") // getSecurityManager: null on 25, and on 17 unless the application set one
public final class ShutdownHooks {
    private static final ShutdownGuard SHUTDOWN = PoolguardRuntime.SHUTDOWN;

    private ShutdownHooks() {
    }

    /** First line of {@code Shutdown.exit(status)}. */
    public static void exitRequested(int status) {
        if (!PoolguardRuntime.active || !Feature.SHUTDOWN_GUARD.enabled()) {
            return;
        }
        try {
            SHUTDOWN.exitRequested(status);
        } catch (Throwable fault) {
            Faults.suppressed(Feature.SHUTDOWN_GUARD, fault);
        }
    }

    /** First line of {@code Shutdown.shutdown()}. */
    public static void lastThreadEnded() {
        if (!PoolguardRuntime.active || !Feature.SHUTDOWN_GUARD.enabled()) {
            return;
        }
        try {
            SHUTDOWN.lastThreadEnded();
        } catch (Throwable fault) {
            Faults.suppressed(Feature.SHUTDOWN_GUARD, fault);
        }
    }

    /** First line of {@code Shutdown.runHooks()}. */
    public static void shutdownHooksStarting() {
        if (!PoolguardRuntime.active || !Feature.SHUTDOWN_GUARD.enabled()) {
            return;
        }
        try {
            if (System.getSecurityManager() == null) {
                SHUTDOWN.hooksStarting(); // no method reference to link inside System.exit
            } else {
                Privileged.run(SHUTDOWN::hooksStarting);
            }
        } catch (Throwable fault) {
            Faults.suppressed(Feature.SHUTDOWN_GUARD, fault);
        }
    }

    /** First line of {@code ApplicationShutdownHooks.runHooks()}, given its {@code hooks} map. */
    public static void applicationHooksStarting(Object hooks) {
        if (!PoolguardRuntime.active || !Feature.SHUTDOWN_GUARD.enabled()) {
            return;
        }
        try {
            SHUTDOWN.applicationHooksStarting(hooks);
        } catch (Throwable fault) {
            Faults.suppressed(Feature.SHUTDOWN_GUARD, fault);
        }
    }

    /** Every return of {@code ApplicationShutdownHooks.runHooks()}. */
    public static void applicationHooksFinished() {
        if (!PoolguardRuntime.active || !Feature.SHUTDOWN_GUARD.enabled()) {
            return;
        }
        try {
            if (System.getSecurityManager() == null) {
                SHUTDOWN.applicationHooksFinished(); // no method reference to link inside System.exit
            } else {
                Privileged.run(SHUTDOWN::applicationHooksFinished);
            }
        } catch (Throwable fault) {
            Faults.suppressed(Feature.SHUTDOWN_GUARD, fault);
        }
    }

    /** First line of {@code Shutdown.halt(status)}. */
    public static void halting(int status) {
        if (!PoolguardRuntime.active || !Feature.SHUTDOWN_GUARD.enabled()) {
            return;
        }
        try {
            if (System.getSecurityManager() == null) {
                SHUTDOWN.halting(); // no method reference to link inside System.exit
            } else {
                Privileged.run(SHUTDOWN::halting);
            }
        } catch (Throwable fault) {
            Faults.suppressed(Feature.SHUTDOWN_GUARD, fault);
        }
    }
}
