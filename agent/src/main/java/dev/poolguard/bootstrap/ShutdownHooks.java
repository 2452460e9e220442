package dev.poolguard.bootstrap;

import dev.poolguard.bootstrap.Faults.Feature;

/**
 * The entry points that the rewritten shutdown sequence calls ({@code Shutdown},
 * {@code ApplicationShutdownHooks}): one static call per site, each guarded by {@link Guard}.
 *
 * <p>Names and descriptors here are part of the rewriting contract (see the agent's
 * {@code dev.poolguard.agent.install.HookMethods}); change both together.
 */
public final class ShutdownHooks {
    private ShutdownHooks() {
    }

    /** First line of {@code Shutdown.exit(status)}. */
    public static void exitRequested(int status) {
        Guard.run(Feature.SHUTDOWN_GUARD, Guard.EXIT_REQUESTED, status, null);
    }

    /** First line of {@code Shutdown.shutdown()}. */
    public static void lastThreadEnded() {
        Guard.run(Feature.SHUTDOWN_GUARD, Guard.LAST_THREAD_ENDED, null, null);
    }

    /** First line of {@code Shutdown.runHooks()}. */
    public static void shutdownHooksStarting() {
        Guard.run(Feature.SHUTDOWN_GUARD, Guard.HOOKS_STARTING, null, null);
    }

    /** First line of {@code ApplicationShutdownHooks.runHooks()}, given its {@code hooks} map. */
    public static void applicationHooksStarting(Object hooks) {
        Guard.run(Feature.SHUTDOWN_GUARD, Guard.APP_HOOKS_STARTING, hooks, null);
    }

    /** Every return of {@code ApplicationShutdownHooks.runHooks()}. */
    public static void applicationHooksFinished() {
        Guard.run(Feature.SHUTDOWN_GUARD, Guard.APP_HOOKS_FINISHED, null, null);
    }

    /** First line of {@code Shutdown.halt(status)}. */
    public static void halting(int status) {
        Guard.run(Feature.SHUTDOWN_GUARD, Guard.HALTING, null, null);
    }
}
