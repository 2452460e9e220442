package dev.poolguard.bootstrap;

/**
 * The single instances behind {@link PoolguardHooks}, and how the agent connects its sink and settings.
 * Until {@link #connect} runs, every hook is a no-op.
 */
public final class PoolguardRuntime {
    static final PoolRegistry REGISTRY = new PoolRegistry();
    static final ShutdownGuard SHUTDOWN = new ShutdownGuard(REGISTRY);
    static final DeadlockWatch WATCH = new DeadlockWatch(REGISTRY);
    /** False until the agent connected; rewritten code may run before that and must do nothing. */
    static volatile boolean active;

    private PoolguardRuntime() {
    }

    public static void connect(EventSink sink, ShutdownMode shutdownMode, long graceMillis, boolean allowHookSpawns,
                               DeadlockMode deadlockMode, boolean reportRisks) {
        Faults.connect(sink);
        SHUTDOWN.configure(shutdownMode, graceMillis, allowHookSpawns, sink);
        WATCH.configure(deadlockMode, reportRisks, sink);
        active = true;
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
