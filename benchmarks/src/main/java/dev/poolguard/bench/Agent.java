package dev.poolguard.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Access to the agent's boot-loader runtime from benchmark code, when the agent is attached. The runtime
 * ({@code dev.poolguard.bootstrap}) is defined straight into the boot class loader, so it is found with
 * {@code Class.forName(name, init, null)}; without the agent it does not exist.
 */
public final class Agent {
    private Agent() {
    }

    /** Whether the poolguard agent is attached to this JVM. */
    public static boolean attached() {
        return runtime() != null;
    }

    static Class<?> runtime() {
        try {
            return Class.forName("dev.poolguard.bootstrap.PoolguardRuntime", false, null);
        } catch (ClassNotFoundException absent) {
            return null;
        }
    }

    /** Pools and workers the agent currently remembers, or null without the agent. */
    public static int[] registryCounts() {
        Class<?> runtime = runtime();
        if (runtime == null) {
            return null;
        }
        try {
            Object registry = runtime.getMethod("registry").invoke(null);
            int pools = (Integer) registry.getClass().getMethod("poolCount").invoke(registry);
            int workers = (Integer) registry.getClass().getMethod("workerCount").invoke(registry);
            return new int[] {pools, workers};
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the agent's registry", e);
        }
    }

    /**
     * {@code PoolguardHooks.waitStarting} and {@code waitEnded(Object)}: what the rewritten
     * {@code FutureTask.awaitDone} calls first and last, for an untimed wait. Both shapes of
     * {@code waitStarting} are accepted ({@code (Object, boolean, long)} and the older
     * {@code (Object, boolean)}); either is adapted to {@code (Object)void}. Resolved on first use, so
     * only with the agent.
     */
    static final class WaitHooks {
        /** {@code (Object future)void}: an untimed wait on {@code future} starts. */
        static final MethodHandle WAIT_STARTING;
        /** {@code ()Object}: the analysis the wait runs once it has been parked a while (null: none found). */
        static final MethodHandle ANALYSE;
        /** {@code (Object future)void}: that wait ended. */
        static final MethodHandle WAIT_ENDED;

        static {
            try {
                Class<?> hooks = Class.forName("dev.poolguard.bootstrap.PoolguardHooks", true, null);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                MethodHandle starting;
                try {
                    starting = lookup.findStatic(hooks, "waitStarting",
                            MethodType.methodType(void.class, Object.class, boolean.class, long.class));
                    starting = MethodHandles.insertArguments(starting, 1, false, 0L);
                } catch (NoSuchMethodException older) {
                    starting = lookup.findStatic(hooks, "waitStarting",
                            MethodType.methodType(void.class, Object.class, boolean.class));
                    starting = MethodHandles.insertArguments(starting, 1, false);
                }
                WAIT_STARTING = starting;
                WAIT_ENDED = lookup.findStatic(hooks, "waitEnded", MethodType.methodType(void.class, Object.class));
                Class<?> runtime = Class.forName("dev.poolguard.bootstrap.PoolguardRuntime", true, null);
                Object watch = runtime.getMethod("deadlockWatch").invoke(null);
                ANALYSE = lookup.findVirtual(watch.getClass(), "analyseCurrentWait",
                        MethodType.methodType(Class.forName("dev.poolguard.DeadlockDetectedException", true, null)))
                        .bindTo(watch).asType(MethodType.methodType(Object.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(
                        "the poolguard agent is not attached (or its hooks changed): " + e);
            }
        }

        private WaitHooks() {
        }
    }

    static void requireAttached(String benchmark) {
        if (!attached()) {
            throw new IllegalStateException(benchmark + " measures the agent's own code: run it with "
                    + "-jvmArgsAppend -javaagent:poolguard-agent.jar");
        }
    }
}
