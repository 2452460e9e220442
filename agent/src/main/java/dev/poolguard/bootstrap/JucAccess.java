package dev.poolguard.bootstrap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;

/**
 * Private fields of {@code java.util.concurrent} that say who works on what: {@code FutureTask.runner}
 * (the thread running a task: the owner {@code FutureTask} never tells the JDK's deadlock detection) and
 * the {@code dep} of {@code CompletableFuture}'s async tasks (the future a queued stage will complete).
 * The agent opens the package to the boot runtime before this class is first used; if it could not,
 * every answer is "unknown", which the detector treats as "no deadlock".
 */
final class JucAccess {
    private static final VarHandle RUNNER;
    private static final Class<?> ASYNC_SUPPLY;
    private static final Class<?> ASYNC_RUN;
    private static final VarHandle SUPPLY_DEP;
    private static final VarHandle RUN_DEP;

    static {
        VarHandle runner = null;
        Class<?> supply = null;
        Class<?> run = null;
        VarHandle supplyDep = null;
        VarHandle runDep = null;
        try {
            MethodHandles.Lookup futureTask = MethodHandles.privateLookupIn(FutureTask.class, MethodHandles.lookup());
            runner = futureTask.findVarHandle(FutureTask.class, "runner", Thread.class);
            supply = Class.forName("java.util.concurrent.CompletableFuture$AsyncSupply", false, null);
            run = Class.forName("java.util.concurrent.CompletableFuture$AsyncRun", false, null);
            supplyDep = MethodHandles.privateLookupIn(supply, MethodHandles.lookup())
                    .findVarHandle(supply, "dep", CompletableFuture.class);
            runDep = MethodHandles.privateLookupIn(run, MethodHandles.lookup())
                    .findVarHandle(run, "dep", CompletableFuture.class);
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            // left null: unknown
        }
        RUNNER = runner;
        ASYNC_SUPPLY = supply;
        ASYNC_RUN = run;
        SUPPLY_DEP = supplyDep;
        RUN_DEP = runDep;
    }

    private JucAccess() {
    }

    /** The thread running {@code task} now, or null. */
    static Thread runner(FutureTask<?> task) {
        return RUNNER == null ? null : (Thread) RUNNER.getVolatile(task);
    }

    /** The future a queued async stage will complete, or null if {@code task} is none. */
    static Object stageFuture(Object task) {
        if (task == null) {
            return null;
        }
        Class<?> type = task.getClass();
        if (type == ASYNC_SUPPLY && SUPPLY_DEP != null) {
            return SUPPLY_DEP.getVolatile(task);
        }
        if (type == ASYNC_RUN && RUN_DEP != null) {
            return RUN_DEP.getVolatile(task);
        }
        return null;
    }

    /** For the self-test: whether the private fields could be reached. */
    static boolean available() {
        return RUNNER != null && SUPPLY_DEP != null && RUN_DEP != null;
    }
}
