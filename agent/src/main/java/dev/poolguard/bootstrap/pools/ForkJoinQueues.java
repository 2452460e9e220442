package dev.poolguard.bootstrap.pools;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * What a {@code ForkJoinPool} holds, read from its private fields on the analysis path only (nothing is
 * recorded while the pool runs): its work queues ({@code ForkJoinPool.queues}), each queue's owner (the
 * worker thread, null for a shared submission queue) and its task array ({@code WorkQueue.array}). The
 * same field names on JDK 17 and 25. The reads take no lock: a racy snapshot, which is enough for a pool
 * whose every worker has been parked in a long wait (the only pools whose tasks are looked at).
 *
 * <p>A plain {@code Runnable} given to {@code execute} or {@code submit} is queued wrapped in one of
 * {@code ForkJoinTask}'s nested adapters, each with a field {@code runnable}: looked through, so a queued
 * {@code FutureTask} is found as itself. If the package could not be opened, every answer is "nothing"
 * (unknown, which counts as progress).
 */
public final class ForkJoinQueues {
    private static final VarHandle QUEUES;
    private static final VarHandle ARRAY;
    private static final VarHandle OWNER;
    /** Each adapter class's {@code runnable} field, or null for a task that wraps none. */
    private static final ClassValue<VarHandle> RUNNABLE = new ClassValue<>() {
        @Override
        protected VarHandle computeValue(Class<?> type) {
            if (type.getEnclosingClass() != ForkJoinTask.class) {
                return null;
            }
            try {
                return MethodHandles.privateLookupIn(type, MethodHandles.lookup())
                        .findVarHandle(type, "runnable", Runnable.class);
            } catch (ReflectiveOperationException | RuntimeException none) {
                return null;
            }
        }
    };

    static {
        VarHandle queues = null;
        VarHandle array = null;
        VarHandle owner = null;
        try {
            Class<?> workQueue = Class.forName("java.util.concurrent.ForkJoinPool$WorkQueue", false, null);
            MethodHandles.Lookup pool = MethodHandles.privateLookupIn(ForkJoinPool.class, MethodHandles.lookup());
            MethodHandles.Lookup queue = MethodHandles.privateLookupIn(workQueue, MethodHandles.lookup());
            Class<?> queueArray = java.lang.reflect.Array.newInstance(workQueue, 0).getClass();
            queues = pool.findVarHandle(ForkJoinPool.class, "queues", queueArray);
            array = queue.findVarHandle(workQueue, "array", ForkJoinTask[].class);
            owner = queue.findVarHandle(workQueue, "owner", ForkJoinWorkerThread.class);
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            queues = null; // unknown: no worker, no task
        }
        QUEUES = queues;
        ARRAY = array;
        OWNER = owner;
    }

    private ForkJoinQueues() {
    }

    /** Whether the queues can be read at all (for tests and the self-test). */
    static boolean available() {
        return QUEUES != null && ARRAY != null && OWNER != null;
    }

    /** The threads owning a work queue of {@code pool} now: its workers, as the pool itself knows them. */
    public static List<Thread> workers(ForkJoinPool pool) {
        List<Thread> workers = new ArrayList<>();
        for (Object queue : queues(pool)) {
            Object owner = queue == null ? null : OWNER.getVolatile(queue);
            if (owner instanceof Thread thread) {
                workers.add(thread);
            }
        }
        return workers;
    }

    /** Every task queued in {@code pool} now (submission queues and workers' own), unwrapped once. */
    public static List<Object> tasks(ForkJoinPool pool) {
        List<Object> tasks = new ArrayList<>();
        for (Object queue : queues(pool)) {
            Object[] array = queue == null ? null : (Object[]) ARRAY.getVolatile(queue);
            if (array == null) {
                continue;
            }
            for (Object task : array) {
                if (task != null) {
                    tasks.add(unwrapped(task));
                }
            }
        }
        return tasks;
    }

    /** The application's task inside one of {@code ForkJoinTask}'s adapters, or {@code task} itself. */
    static Object unwrapped(Object task) {
        VarHandle runnable = RUNNABLE.get(task.getClass());
        Object inner = runnable == null ? null : runnable.get(task);
        return inner != null ? inner : task;
    }

    private static Object[] queues(ForkJoinPool pool) {
        if (!available()) {
            return new Object[0];
        }
        Object[] queues = (Object[]) QUEUES.getVolatile(pool);
        return queues == null ? new Object[0] : queues;
    }
}
