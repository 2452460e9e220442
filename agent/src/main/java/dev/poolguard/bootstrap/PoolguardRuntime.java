package dev.poolguard.bootstrap;

import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.shutdown.ShutdownGuard;
import dev.poolguard.bootstrap.shutdown.ShutdownMode;
import dev.poolguard.bootstrap.stalls.StallWatch;
import dev.poolguard.bootstrap.waits.DeadlockMode;
import dev.poolguard.bootstrap.waits.DeadlockWatch;

/**
 * The single instances behind {@link PoolguardHooks}, and how the agent connects its sink and settings.
 * Until {@link #connect} runs, every hook is a no-op.
 */
public final class PoolguardRuntime {
    static final PoolRegistry REGISTRY = new PoolRegistry();
    static final ShutdownGuard SHUTDOWN = new ShutdownGuard(REGISTRY);
    static final DeadlockWatch WATCH = new DeadlockWatch(REGISTRY);
    static final StallWatch STALLS = new StallWatch(REGISTRY, SHUTDOWN);
    /** False until the agent connected; rewritten code may run before that and must do nothing. */
    static volatile boolean active;

    private PoolguardRuntime() {
    }

    public static void connect(EventSink sink, ShutdownMode shutdownMode, long graceMillis, boolean allowHookSpawns,
                               DeadlockMode deadlockMode, boolean reportRisks) {
        Faults.connect(sink);
        SHUTDOWN.configure(shutdownMode, graceMillis, allowHookSpawns, sink);
        STALLS.connect(sink);
        WATCH.configure(deadlockMode, reportRisks, STALLS.noting(sink));
        active = true;
    }

    /**
     * Watches for stalls with this stall time ({@code stall}), or not at all when it is 0 or less
     * ({@code stall=off}). After {@link #connect}.
     */
    public static void watchStalls(long stallMillis) {
        STALLS.watch(stallMillis);
    }

    public static StallWatch stallWatch() {
        return STALLS;
    }

    public static PoolRegistry registry() {
        return REGISTRY;
    }

    public static DeadlockWatch deadlockWatch() {
        return WATCH;
    }

    public static ShutdownGuard shutdownGuard() {
        return SHUTDOWN;
    }
}
