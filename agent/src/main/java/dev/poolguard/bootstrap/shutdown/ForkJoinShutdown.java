package dev.poolguard.bootstrap.shutdown;

import dev.poolguard.bootstrap.waits.Stacks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

import dev.poolguard.bootstrap.shutdown.ShutdownSummary.InFlightTask;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary.QueuedTask;

/**
 * ForkJoinPools at shutdown: waited for in the drain and listed in {@code shutdown-end} when work is
 * left. Nothing is recorded while the application runs: at shutdown the pools are found through their
 * live worker threads (a pool with work has a worker; one without a worker has nothing in flight) plus
 * the common pool, and a worker runs a task exactly when its stack holds {@code ForkJoinTask.doExec}
 * (an idle one parks in {@code awaitWork}), on JDK 17 and 25 alike. No pool is shut down: the common pool
 * cannot be, and another pool's owner may still need it in its last steps. Pools the JDK runs for
 * itself (the virtual thread scheduler's carrier threads) are left alone.
 */
public final class ForkJoinShutdown {
    /** At most this many queued tasks are listed one by one per pool (they show no identity anyway). */
    static final int MAX_QUEUED_LISTED = 100;
    private static final String DO_EXEC_CLASS = "java.util.concurrent.ForkJoinTask";

    private ForkJoinShutdown() {
    }

    /** The application's ForkJoinPools that have a live worker now, each with its workers. */
    public static Map<ForkJoinPool, List<ForkJoinWorkerThread>> poolsNow() {
        Map<ForkJoinPool, List<ForkJoinWorkerThread>> pools = new IdentityHashMap<>();
        Set<ForkJoinPool> internal = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Thread thread : liveThreads()) {
            if (!(thread instanceof ForkJoinWorkerThread)) {
                continue;
            }
            ForkJoinWorkerThread worker = (ForkJoinWorkerThread) thread;
            ForkJoinPool pool = worker.getPool();
            if (worker.getClass().getName().startsWith("jdk.internal.")) {
                internal.add(pool);
            }
            List<ForkJoinWorkerThread> workers = pools.get(pool); // no lambda: this runs inside System.exit
            if (workers == null) {
                workers = new ArrayList<>();
                pools.put(pool, workers);
            }
            workers.add(worker);
        }
        pools.keySet().removeAll(internal);
        return pools;
    }

    /**
     * Nothing in {@code pool} can still make progress: no task queued, and no worker that is not stuck
     * in {@code System.exit} runs one.
     */
    static boolean settled(ForkJoinPool pool, List<ForkJoinWorkerThread> workers, Set<Thread> stuck) {
        if (pool.isQuiescent()) {
            return true;
        }
        if (queued(pool) > 0) {
            return false;
        }
        for (ForkJoinWorkerThread worker : workers) {
            if (worker.isAlive() && !stuck.contains(worker) && runningFrame(worker.getStackTrace()) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Adds what {@code pool} still runs and holds to the lists of {@code shutdown-end}. */
    static void listLeft(ForkJoinPool pool, List<ForkJoinWorkerThread> workers, List<InFlightTask> inFlight,
                         List<QueuedTask> queuedNeverRun) {
        String id = id(pool);
        for (ForkJoinWorkerThread worker : workers) {
            if (!worker.isAlive()) {
                continue;
            }
            StackTraceElement[] stack = worker.getStackTrace();
            int doExec = runningFrame(stack);
            if (doExec >= 0) {
                inFlight.add(new InFlightTask(id, worker.getName(), describe(stack, doExec), Stacks.withoutOwnFrames(stack)));
            }
        }
        long queued = queued(pool);
        for (long i = 0; i < Math.min(queued, MAX_QUEUED_LISTED); i++) {
            queuedNeverRun.add(new QueuedTask(id, "(a ForkJoinTask queued in the pool; a ForkJoinPool does not show"
                    + " its queued tasks" + (queued > MAX_QUEUED_LISTED && i == MAX_QUEUED_LISTED - 1
                    ? "; " + (queued - MAX_QUEUED_LISTED) + " more not listed" : "") + ")"));
        }
    }

    /** {@code ForkJoinPool#common} or {@code ForkJoinPool#<identity>(first worker's name prefix)}. */
    public static String id(ForkJoinPool pool) {
        if (pool == ForkJoinPool.commonPool()) {
            return "ForkJoinPool#common";
        }
        return pool.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(pool));
    }

    private static long queued(ForkJoinPool pool) {
        return pool.getQueuedSubmissionCount() + pool.getQueuedTaskCount();
    }

    /** Index of the {@code ForkJoinTask.doExec} frame of a worker running a task, or -1 when it runs none. */
    public static int runningFrame(StackTraceElement[] stack) {
        for (int i = stack.length - 1; i >= 0; i--) {
            if (stack[i].getClassName().equals(DO_EXEC_CLASS) && stack[i].getMethodName().equals("doExec")) {
                return i;
            }
        }
        return -1;
    }

    /** The task as its stack shows it: the first frame above {@code doExec} outside the JDK's own classes. */
    public static String describe(StackTraceElement[] stack, int doExec) {
        for (int i = doExec - 1; i >= 0; i--) {
            String type = stack[i].getClassName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return "(a ForkJoin task in " + stack[i] + ")";
            }
        }
        return doExec > 0 ? "(a ForkJoin task in " + stack[doExec - 1] + ")" : "(a ForkJoin task)";
    }

    private static Thread[] liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        Thread[] live = new Thread[n];
        System.arraycopy(threads, 0, live, 0, n);
        return live;
    }
}
