package dev.poolguard.bootstrap;

import dev.poolguard.bootstrap.pools.WorkerRecord;
import java.util.concurrent.ThreadPoolExecutor;

import dev.poolguard.bootstrap.Faults.Feature;

/**
 * The fault guard of the hooks, written once. A hook names its feature and its call; {@link #run} runs
 * the call only while the runtime is active and the feature on, with poolguard's own permissions under a
 * security manager, and turns anything it throws into a counted fault that switches the feature off
 * (said once, by {@link Faults}), so the application goes on as without the agent.
 *
 * <p>Why calls by number, not lambdas: the hooks run inside the JDK's own code (in {@code System.exit},
 * in a pool's {@code execute}), where a lambda would be linked, or allocated, at the worst moment. Each
 * hook passes constants, so once the JIT inlines {@link #run} into it the {@code switch} folds to the one
 * call: nothing is allocated, nothing dispatched. Hooks that give something back ({@code newWorkerThread},
 * a park's slice, a completion service's poll) or let an exception through on purpose (a deadlock thrown in
 * fail mode, a submission refused in the drain) say so where they are.
 */
@SuppressWarnings("removal") // getSecurityManager: null on 25, and on 17 unless the application set one
final class Guard {
    static final int WORKER_STARTED = 0;
    static final int WORKER_GONE = 1;
    static final int REJECTED = 2;
    static final int SUBMITTING = 3;
    static final int WAIT_STARTING = 4;
    static final int TIMED_WAIT_STARTING = 5;
    static final int WAIT_ENDED = 6;
    static final int STAGE_STARTING = 7;
    static final int STAGE_FINISHED = 8;
    static final int EXIT_REQUESTED = 9;
    static final int LAST_THREAD_ENDED = 10;
    static final int HOOKS_STARTING = 11;
    static final int APP_HOOKS_STARTING = 12;
    static final int APP_HOOKS_FINISHED = 13;
    static final int HALTING = 14;

    private Guard() {
    }

    /** Runs hook call {@code call} with its arguments, guarded (see the class comment). */
    static void run(Feature feature, int call, Object a, Object b) {
        if (feature.enabled()) {
            guarded(feature, call, a, b, true);
        }
    }

    /**
     * As {@link #run}, even once {@code feature} was switched off: the call undoes what the feature did
     * while it was on (a worker leaves the registry, a wait its slot), so nothing is left behind.
     */
    static void undo(Feature feature, int call, Object a, Object b) {
        guarded(feature, call, a, b, false);
    }

    /** {@code trip}: a fault a test injected into the feature fires here (never in an undo: the feature is off). */
    private static void guarded(Feature feature, int call, Object a, Object b, boolean trip) {
        if (!PoolguardRuntime.active) {
            return;
        }
        try {
            if (trip) {
                Faults.trip(feature);
            }
            if (System.getSecurityManager() == null) {
                call(call, a, b); // no lambda
            } else {
                Privileged.run(() -> call(call, a, b));
            }
        } catch (Throwable fault) {
            Faults.suppressed(feature, fault);
        }
    }

    /** The hooks' bodies: each one call into the feature that handles it. */
    private static void call(int call, Object a, Object b) {
        switch (call) {
            case WORKER_STARTED -> PoolguardRuntime.WATCH.workerStarted((WorkerRecord) a);
            case WORKER_GONE -> PoolguardRuntime.REGISTRY.workerGone(a);
            case REJECTED -> PoolguardRuntime.SHUTDOWN.rejected((ThreadPoolExecutor) a);
            case SUBMITTING -> PoolguardRuntime.WATCH.submitting((ThreadPoolExecutor) a, b);
            case WAIT_STARTING -> PoolguardRuntime.WATCH.waitStarting(a, false);
            case TIMED_WAIT_STARTING -> PoolguardRuntime.WATCH.waitStarting(a, true);
            case WAIT_ENDED -> PoolguardRuntime.WATCH.waitEnded();
            case STAGE_STARTING -> PoolguardRuntime.WATCH.stageStarting(a);
            case STAGE_FINISHED -> PoolguardRuntime.WATCH.stageFinished();
            case EXIT_REQUESTED -> PoolguardRuntime.SHUTDOWN.exitRequested((Integer) a);
            case LAST_THREAD_ENDED -> PoolguardRuntime.SHUTDOWN.lastThreadEnded();
            case HOOKS_STARTING -> PoolguardRuntime.SHUTDOWN.hooksStarting();
            case APP_HOOKS_STARTING -> PoolguardRuntime.SHUTDOWN.applicationHooksStarting(a);
            case APP_HOOKS_FINISHED -> PoolguardRuntime.SHUTDOWN.applicationHooksFinished();
            case HALTING -> PoolguardRuntime.SHUTDOWN.halting();
            default -> throw new IllegalArgumentException("no hook call " + call);
        }
    }
}
