package dev.poolguard.bootstrap.pools;

import dev.poolguard.bootstrap.waits.StageSources;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;

/**
 * Private fields of {@code java.util.concurrent} that say who works on what: {@code FutureTask.runner}
 * (the thread running a task: the owner {@code FutureTask} never tells the JDK's deadlock detection),
 * the {@code dep} of {@code CompletableFuture}'s async tasks (the future a queued stage will complete),
 * {@code FutureTask.callable} and {@code Executors.RunnableAdapter.task} (what a wrapper wraps), and
 * {@code ThreadPoolExecutor.ctl} (the worker count, without the pool's lock). The agent opens the
 * package to the boot runtime before this class is first used; if it could not, every answer is
 * "unknown", which the detector counts as progress (no deadlock), and the worker count comes from the
 * pool's own locked getter.
 */
public final class JucAccess {
    private static final VarHandle RUNNER;
    private static final Class<?> ASYNC_SUPPLY;
    private static final Class<?> ASYNC_RUN;
    private static final VarHandle SUPPLY_DEP;
    private static final VarHandle RUN_DEP;
    private static final VarHandle CALLABLE;
    private static final Class<?> RUNNABLE_ADAPTER;
    private static final VarHandle ADAPTED_TASK;
    /** {@code ThreadPoolExecutor.ctl}: run state and worker count in one int, read without the pool's lock. */
    private static final VarHandle CTL;
    /** The low bits of {@code ctl} count the workers (the same on 17 and 25). */
    private static final int COUNT_MASK = (1 << (Integer.SIZE - 3)) - 1;
    /** Wrappers looked through at most this deep (a scheduled wrapper of a completion-service wrapper...). */
    private static final int MAX_UNWRAP = 4;

    static {
        VarHandle runner = null;
        Class<?> supply = null;
        Class<?> run = null;
        VarHandle supplyDep = null;
        VarHandle runDep = null;
        VarHandle callable = null;
        Class<?> adapter = null;
        VarHandle adaptedTask = null;
        VarHandle ctl = null;
        try {
            ctl = MethodHandles.privateLookupIn(java.util.concurrent.ThreadPoolExecutor.class, MethodHandles.lookup())
                    .findVarHandle(java.util.concurrent.ThreadPoolExecutor.class, "ctl",
                            java.util.concurrent.atomic.AtomicInteger.class);
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            // left null: the pool's own locked getter instead
        }
        try {
            MethodHandles.Lookup futureTask = MethodHandles.privateLookupIn(FutureTask.class, MethodHandles.lookup());
            runner = futureTask.findVarHandle(FutureTask.class, "runner", Thread.class);
            supply = Class.forName("java.util.concurrent.CompletableFuture$AsyncSupply", false, null);
            run = Class.forName("java.util.concurrent.CompletableFuture$AsyncRun", false, null);
            supplyDep = MethodHandles.privateLookupIn(supply, MethodHandles.lookup())
                    .findVarHandle(supply, "dep", CompletableFuture.class);
            runDep = MethodHandles.privateLookupIn(run, MethodHandles.lookup())
                    .findVarHandle(run, "dep", CompletableFuture.class);
            callable = futureTask.findVarHandle(FutureTask.class, "callable", java.util.concurrent.Callable.class);
            adapter = Class.forName("java.util.concurrent.Executors$RunnableAdapter", false, null);
            adaptedTask = MethodHandles.privateLookupIn(adapter, MethodHandles.lookup())
                    .findVarHandle(adapter, "task", Runnable.class);
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            // left null: unknown
        }
        RUNNER = runner;
        ASYNC_SUPPLY = supply;
        ASYNC_RUN = run;
        SUPPLY_DEP = supplyDep;
        RUN_DEP = runDep;
        CALLABLE = callable;
        RUNNABLE_ADAPTER = adapter;
        ADAPTED_TASK = adaptedTask;
        CTL = ctl;
    }

    /** The pool's worker count, without its lock ({@code getPoolSize()} takes the pool's main lock). */
    public static int workerCount(java.util.concurrent.ThreadPoolExecutor pool) {
        if (CTL != null) {
            Object ctl = CTL.get(pool);
            if (ctl instanceof java.util.concurrent.atomic.AtomicInteger count) {
                return count.get() & COUNT_MASK;
            }
        }
        return pool.getPoolSize();
    }

    /**
     * Enters in {@code index}, mapped to {@code value}, every future that running the queued {@code task}
     * completes: the task itself, the future of an async stage, and, through wrappers
     * ({@code ScheduledThreadPoolExecutor}'s {@code execute}, {@code ExecutorCompletionService}), the
     * futures they wrap. A future already in the index keeps its first value.
     */
    public static <V> void indexFuturesCompletedBy(Object task, java.util.Map<Object, V> index, V value) {
        Object current = task;
        for (int depth = 0; current != null && depth < MAX_UNWRAP; depth++) {
            index.putIfAbsent(current, value);
            Object stage = stageFuture(current);
            if (stage != null) {
                index.putIfAbsent(stage, value);
                return;
            }
            current = wrapped(current);
        }
    }

    /**
     * Whether running the queued {@code task} completes {@code future}: the same futures as
     * {@link #indexFuturesCompletedBy}, compared in place, allocating nothing.
     */
    public static boolean completes(Object task, Object future) {
        Object current = task;
        for (int depth = 0; current != null && depth < MAX_UNWRAP; depth++) {
            if (current == future) {
                return true;
            }
            Object stage = stageFuture(current);
            if (stage != null) {
                return stage == future;
            }
            current = wrapped(current);
        }
        return false;
    }

    /** The runnable a FutureTask runs when it was made from one ({@code new FutureTask(runnable, result)}). */
    public static Object wrapped(Object task) {
        if (!(task instanceof FutureTask) || CALLABLE == null || ADAPTED_TASK == null) {
            return null;
        }
        Object callable = CALLABLE.getVolatile(task);
        if (callable == null || callable.getClass() != RUNNABLE_ADAPTER) {
            return null;
        }
        return ADAPTED_TASK.get(callable);
    }

    private JucAccess() {
    }

    /** The thread running {@code task} now, or null. */
    public static Thread runner(FutureTask<?> task) {
        return RUNNER == null ? null : (Thread) RUNNER.getVolatile(task);
    }

    /** The future a queued async stage will complete, or null if {@code task} is none. */
    public static Object stageFuture(Object task) {
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
        return StageSources.firingDependent(task); // a dependent stage's *Async completion, handed to a pool
    }

    /** For the self-test: whether the private fields could be reached. */
    public static boolean available() {
        return RUNNER != null && SUPPLY_DEP != null && RUN_DEP != null;
    }
}
