package dev.poolguard.bootstrap.shutdown;

import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.TaskDescriber;
import dev.poolguard.bootstrap.pools.WorkerRecord;
import dev.poolguard.bootstrap.waits.Stacks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Delayed;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.poolguard.bootstrap.shutdown.ShutdownSummary.InFlightTask;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary.QueuedTask;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary.ScheduledTask;

/**
 * What is left when the JVM halts, for {@code shutdown-end}: the tasks still running, those queued and
 * never started, and the timers not due yet. Split from {@link ShutdownGuard}, which decides when.
 */
final class ShutdownLeftovers {
    final List<InFlightTask> inFlight = new ArrayList<>();
    final List<QueuedTask> queued = new ArrayList<>();
    final List<ScheduledTask> scheduled = new ArrayList<>();

    private ShutdownLeftovers() {
    }

    /**
     * Lists what {@code pools} and the live ForkJoinPools still hold. {@code halter} is the thread that
     * halts the JVM by calling {@code Runtime.halt} from a task (a test runner's exit watchdog), or null:
     * its task is the halt itself, not work left undone, so it is not listed as running.
     */
    static ShutdownLeftovers listNow(List<PoolRecord> pools, Thread halter) {
        ShutdownLeftovers left = new ShutdownLeftovers();
        for (PoolRecord record : pools) {
            ThreadPoolExecutor pool = record.pool();
            if (pool != null) {
                left.add(record, pool, halter);
            }
        }
        for (Map.Entry<ForkJoinPool, List<ForkJoinWorkerThread>> pool : ForkJoinShutdown.poolsNow().entrySet()) {
            List<ForkJoinWorkerThread> workers = new ArrayList<>(pool.getValue());
            workers.remove(halter);
            ForkJoinShutdown.listLeft(pool.getKey(), workers, left.inFlight, left.queued);
        }
        return left;
    }

    private void add(PoolRecord record, ThreadPoolExecutor pool, Thread halter) {
        List<Runnable> pending = pendingTasks(pool);
        for (WorkerRecord worker : record.workersNow()) {
            // only what a worker's record shows it runs: a worker without a task is idle, or leaving
            // (its pool may already count it gone, even terminated), or within the few instructions
            // between taking a task from the queue and marking it, which the drain waits out
            Runnable task = worker.task();
            Thread.State state = worker.thread.getState();
            if (task == null || state == Thread.State.TERMINATED || worker.thread == halter) {
                continue;
            }
            if (state == Thread.State.NEW) {
                // handed to a worker whose thread never got to start: it never ran
                queued.add(new QueuedTask(record.id(), TaskDescriber.describe(task)));
            } else {
                inFlight.add(new InFlightTask(record.id(), worker.thread.getName(),
                        TaskDescriber.describe(task), Stacks.of(worker.thread)));
            }
        }
        for (Runnable task : pending) {
            long due = task instanceof Delayed ? ((Delayed) task).getDelay(TimeUnit.MILLISECONDS) : 0;
            if (due > 0 || isPeriodic(task)) {
                scheduled.add(new ScheduledTask(record.id(), TaskDescriber.describe(task), Math.max(due, 0)));
            } else {
                queued.add(new QueuedTask(record.id(), TaskDescriber.describe(task)));
            }
        }
    }

    /** A periodic task of a scheduled pool: it never ends by itself, so it is a timer, not work left. */
    static boolean isPeriodic(Runnable task) {
        return task instanceof RunnableScheduledFuture && ((RunnableScheduledFuture<?>) task).isPeriodic();
    }

    /** Queued tasks that will still run if a worker takes them (cancelled ones will not). */
    static List<Runnable> pendingTasks(ThreadPoolExecutor pool) {
        List<Runnable> pending = new ArrayList<>();
        for (Object queued : pool.getQueue().toArray()) {
            if (queued instanceof Future && ((Future<?>) queued).isDone()) {
                continue;
            }
            pending.add((Runnable) queued);
        }
        return pending;
    }
}
