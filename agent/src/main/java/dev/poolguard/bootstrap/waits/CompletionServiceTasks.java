package dev.poolguard.bootstrap.waits;

import dev.poolguard.bootstrap.pools.JucAccess;
import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.pools.WorkerRecord;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The tasks an {@code ExecutorCompletionService} still waits for: a {@code take()} on it returns as soon
 * as any one of them completes (its {@code QueueingFuture} puts the result on the completion queue when it
 * is done). They are its {@code QueueingFuture}s that are not done, found where its
 * {@code ThreadPoolExecutor} holds them: in its queue, or as a worker's current task; only while every
 * worker of that pool is busy (otherwise they progress anyway, and a worker between the queue and its
 * task could hide one). Read on the analysis
 * path only. A service over another executor (a {@code ForkJoinPool}, a wrapper) is "unknown": an empty
 * answer, which the detector counts as progress.
 */
public final class CompletionServiceTasks {
    private static final VarHandle EXECUTOR;
    private static final VarHandle SERVICE_QUEUE;
    private static final Class<?> QUEUEING_FUTURE;
    private static final VarHandle TASK_QUEUE;
    /** Wrappers looked through at most this deep (a scheduled pool wraps what it is given). */
    private static final int MAX_UNWRAP = 4;

    static {
        VarHandle executor = null, serviceQueue = null, taskQueue = null;
        Class<?> queueing = null;
        try {
            Class<?> ecs = ExecutorCompletionService.class;
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(ecs, MethodHandles.lookup());
            executor = lookup.findVarHandle(ecs, "executor", Executor.class);
            serviceQueue = lookup.findVarHandle(ecs, "completionQueue", BlockingQueue.class);
            queueing = Class.forName("java.util.concurrent.ExecutorCompletionService$QueueingFuture", false, null);
            taskQueue = MethodHandles.privateLookupIn(queueing, MethodHandles.lookup())
                    .findVarHandle(queueing, "completionQueue", BlockingQueue.class);
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            executor = null; // every answer "unknown"
        }
        EXECUTOR = executor;
        SERVICE_QUEUE = serviceQueue;
        QUEUEING_FUTURE = queueing;
        TASK_QUEUE = taskQueue;
    }

    private CompletionServiceTasks() {
    }

    /**
     * For a wait on {@code awaited}: its pending tasks if it is a completion service (empty when unknown),
     * else null (not a completion service: the detector asks about it as a future).
     */
    static List<Object> pendingOf(Object awaited, PoolRegistry registry) {
        if (!(awaited instanceof ExecutorCompletionService)) {
            return null;
        }
        List<Object> pending = new ArrayList<>();
        if (EXECUTOR == null || !(EXECUTOR.get(awaited) instanceof ThreadPoolExecutor pool)) {
            return pending;
        }
        PoolRecord record = registry.knownPool(pool);
        if (record == null || hasIdleWorker(record)) {
            // an idle worker takes queued work; and one that looks idle may be carrying a task from the
            // queue to its loop, found in neither place: the list would miss it, so unknown, progress
            return pending;
        }
        Object completionQueue = SERVICE_QUEUE.get(awaited);
        for (WorkerRecord worker : record.workersNow()) {
            Object task = queueingFuture(worker.task(), completionQueue);
            if (task != null) {
                pending.add(task);
            }
        }
        for (Object queued : pool.getQueue().toArray()) {
            Object task = queueingFuture(queued, completionQueue);
            if (task != null) {
                pending.add(task);
            }
        }
        return pending;
    }

    private static boolean hasIdleWorker(PoolRecord record) {
        for (WorkerRecord worker : record.workersNow()) {
            if (worker.task() == null) {
                return true;
            }
        }
        return false;
    }

    /** The unfinished {@code QueueingFuture} of the service with {@code completionQueue} that {@code task} is or wraps, or null. */
    private static Object queueingFuture(Object task, Object completionQueue) {
        Object current = task;
        for (int depth = 0; current != null && depth < MAX_UNWRAP; depth++) {
            if (current.getClass() == QUEUEING_FUTURE) {
                return TASK_QUEUE.get(current) == completionQueue && !((Future<?>) current).isDone() ? current : null;
            }
            current = JucAccess.wrapped(current);
        }
        return null;
    }
}
