package dev.poolguard.bootstrap.stalls;

import dev.poolguard.bootstrap.shutdown.ForkJoinShutdown;

/**
 * What a pool worker is doing, for the stall decision, from plain data: whether it has a task, its
 * thread state (read before and after its stack), and its stack. Agent-free and table-tested.
 */
enum WorkerActivity {
    /** Between tasks, or taking the next one from the pool's own queue: it will start queued work. */
    IDLE,
    /** Running (computing, or in I/O), or not started yet, or gone: the pool is not stalled. */
    BUSY,
    /** Inside a task, waiting for something else: a lock, a latch, a future, a sleep. */
    BLOCKED;

    private static final String TPE = "java.util.concurrent.ThreadPoolExecutor";
    private static final String FJP = "java.util.concurrent.ForkJoinPool";

    /**
     * A {@code ThreadPoolExecutor} worker. {@code hasTask} comes from poolguard's record of the task the
     * worker runs (set just before {@code task.run()}, cleared after it): without a task the worker is
     * idle whatever its state. A worker parked in {@code getTask} is idle even if the record lags.
     *
     * <p>A RUNNABLE worker is never blocked here, even when its stack shows a socket or file read: the
     * JVM cannot tell a read that waits for a peer from one that copies bytes, and a pool of workers
     * reading from the network is a busy pool, not a stalled one. Such pools are skipped.
     */
    static WorkerActivity ofPoolWorker(boolean hasTask, Thread.State before, Thread.State after,
                                       StackTraceElement[] stack) {
        if (!hasTask) {
            return IDLE;
        }
        if (!waiting(before) || !waiting(after)) {
            return BUSY;
        }
        if (stack == null || stack.length == 0) {
            return BUSY; // ended, or a stack the JVM would not give: nothing proves it blocked
        }
        return has(stack, TPE, "getTask") ? IDLE : BLOCKED;
    }

    /**
     * A {@code ForkJoinPool} worker, known by its stack only: it runs a task exactly when the stack holds
     * {@code ForkJoinTask.doExec}; without one, or parked in {@code awaitWork}, it is idle (waiting for work).
     */
    static WorkerActivity ofForkJoinWorker(Thread.State before, Thread.State after, StackTraceElement[] stack) {
        if (stack == null || stack.length == 0) {
            return BUSY;
        }
        if (ForkJoinShutdown.runningFrame(stack) < 0 || has(stack, FJP, "awaitWork")) {
            return IDLE;
        }
        return waiting(before) && waiting(after) ? BLOCKED : BUSY;
    }

    /** Only these states are blocked; RUNNABLE is busy (see {@link #ofPoolWorker}), NEW and TERMINATED not a worker at work. */
    static boolean waiting(Thread.State state) {
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED;
    }

    private static boolean has(StackTraceElement[] stack, String className, String method) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().equals(className) && frame.getMethodName().equals(method)) {
                return true;
            }
        }
        return false;
    }
}
