package dev.poolguard.agent.attach;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The private fields of {@code java.lang} and {@code java.util.concurrent} that tell, without any
 * instrumentation, which pool a thread works for and who runs or queues what. Read in the target only,
 * after the attach entry opened both packages to this class's (throwaway) module.
 *
 * <p>The same facts the boot runtime's {@code JucAccess} reads; repeated here because that class lives in
 * the boot runtime, which a one-shot {@code attach} must not define in the target.
 */
final class JucFields {
    /** How many Runnables deep a thread factory's wrapping is searched for the pool's worker. */
    private static final int MAX_WRAPPERS = 3;
    /** JDK 17: {@code Thread.target}; JDK 21+: {@code Thread.holder.task}. */
    private final VarHandle threadTarget;
    private final VarHandle holder;
    private final VarHandle holderTask;
    final Class<?> worker;
    private final VarHandle workerPool;
    private final VarHandle workerThread;
    private final MethodHandle workerLocked;
    private final VarHandle runner;
    private final VarHandle callable;
    private final Class<?> adapter;
    private final VarHandle adapted;
    private final Class<?> asyncSupply;
    private final Class<?> asyncRun;
    private final VarHandle supplyDep;
    private final VarHandle runDep;
    private final VarHandle stack;
    private final VarHandle next;
    final Class<?> signaller;

    JucFields() throws ReflectiveOperationException {
        MethodHandles.Lookup self = MethodHandles.lookup();
        MethodHandles.Lookup thread = MethodHandles.privateLookupIn(Thread.class, self);
        VarHandle target = null;
        VarHandle holderField = null;
        VarHandle task = null;
        try {
            target = thread.findVarHandle(Thread.class, "target", Runnable.class);
        } catch (NoSuchFieldException newerJdk) {
            Class<?> holderType = Class.forName("java.lang.Thread$FieldHolder");
            holderField = thread.findVarHandle(Thread.class, "holder", holderType);
            task = MethodHandles.privateLookupIn(holderType, self).findVarHandle(holderType, "task", Runnable.class);
        }
        threadTarget = target;
        holder = holderField;
        holderTask = task;
        worker = Class.forName("java.util.concurrent.ThreadPoolExecutor$Worker");
        MethodHandles.Lookup inWorker = MethodHandles.privateLookupIn(worker, self);
        workerPool = inWorker.findVarHandle(worker, "this$0", ThreadPoolExecutor.class);
        workerThread = inWorker.findVarHandle(worker, "thread", Thread.class);
        workerLocked = inWorker.findVirtual(worker, "isLocked", MethodType.methodType(boolean.class));
        MethodHandles.Lookup futureTask = MethodHandles.privateLookupIn(FutureTask.class, self);
        runner = futureTask.findVarHandle(FutureTask.class, "runner", Thread.class);
        callable = futureTask.findVarHandle(FutureTask.class, "callable", Callable.class);
        adapter = Class.forName("java.util.concurrent.Executors$RunnableAdapter");
        adapted = MethodHandles.privateLookupIn(adapter, self).findVarHandle(adapter, "task", Runnable.class);
        asyncSupply = Class.forName("java.util.concurrent.CompletableFuture$AsyncSupply");
        asyncRun = Class.forName("java.util.concurrent.CompletableFuture$AsyncRun");
        supplyDep = MethodHandles.privateLookupIn(asyncSupply, self).findVarHandle(asyncSupply, "dep",
                CompletableFuture.class);
        runDep = MethodHandles.privateLookupIn(asyncRun, self).findVarHandle(asyncRun, "dep", CompletableFuture.class);
        Class<?> completion = Class.forName("java.util.concurrent.CompletableFuture$Completion");
        stack = MethodHandles.privateLookupIn(CompletableFuture.class, self)
                .findVarHandle(CompletableFuture.class, "stack", completion);
        next = MethodHandles.privateLookupIn(completion, self).findVarHandle(completion, "next", completion);
        signaller = Class.forName("java.util.concurrent.CompletableFuture$Signaller");
    }

    /** The Runnable a thread was started with (a pool's {@code Worker}, for a pool thread), or null. */
    Object taskOf(Thread thread) {
        if (threadTarget != null) {
            return threadTarget.getVolatile(thread);
        }
        Object fields = holder.getVolatile(thread);
        return fields == null ? null : holderTask.getVolatile(fields);
    }

    /**
     * The pool {@code Worker} that {@code thread} runs, or null. Thread factories often wrap the worker
     * in a Runnable of their own (a lambda, Tomcat's {@code WrappingRunnable}), so the Runnable the thread
     * was started with is searched a few wrappers deep; a worker counts only if it names this thread.
     */
    Object workerOf(Thread thread) {
        return search(taskOf(thread), thread, 0);
    }

    private Object search(Object candidate, Thread thread, int depth) {
        if (candidate == null) {
            return null;
        }
        Class<?> type = candidate.getClass();
        if (type == worker) {
            return workerThread.get(candidate) == thread ? candidate : null;
        }
        if (depth >= MAX_WRAPPERS || type.getName().startsWith("java.")) {
            return null; // the JDK's own Runnables hold no worker
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                    continue;
                }
                Object value;
                try {
                    field.setAccessible(true);
                    value = field.get(candidate);
                } catch (ReflectiveOperationException | RuntimeException closed) {
                    continue; // a named module that does not open its package: not searched
                }
                Object found = value instanceof Runnable ? search(value, thread, depth + 1) : null;
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    ThreadPoolExecutor poolOfWorker(Object workerObject) {
        return (ThreadPoolExecutor) workerPool.get(workerObject);
    }

    /** A worker holds its own lock while it runs a task, and not while it waits for one. */
    boolean busy(Object workerObject) {
        try {
            return (boolean) workerLocked.invoke(workerObject);
        } catch (Throwable unexpected) {
            return true; // unknown: busy never makes a deadlock by itself, an idle worker would hide one
        }
    }

    Thread runner(FutureTask<?> task) {
        return (Thread) runner.getVolatile(task);
    }

    /** The future a queued async stage completes, or null when {@code task} is none. */
    Object stageFuture(Object task) {
        if (task == null) {
            return null;
        }
        if (task.getClass() == asyncSupply) {
            return supplyDep.getVolatile(task);
        }
        if (task.getClass() == asyncRun) {
            return runDep.getVolatile(task);
        }
        return null;
    }

    /** The runnable a FutureTask made from one ({@code new FutureTask(runnable, result)}) wraps, or null. */
    Object wrapped(Object task) {
        if (!(task instanceof FutureTask)) {
            return null;
        }
        Object made = callable.getVolatile(task);
        return made != null && made.getClass() == adapter ? adapted.get(made) : null;
    }

    /** The head of a CompletableFuture's stack of dependents and waiters (Signallers among them). */
    Object stackOf(CompletableFuture<?> future) {
        return stack.getVolatile(future);
    }

    Object next(Object completion) {
        return next.getVolatile(completion);
    }
}
