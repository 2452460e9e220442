package dev.poolguard.bootstrap.pools;

import dev.poolguard.bootstrap.waits.WaitSlot;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One worker thread of a {@code ThreadPoolExecutor}, from its spawn to its exit, and the task it runs
 * right now. The rewritten {@code runWorker} keeps this record in a local variable, so marking a task
 * costs two plain stores per task: no lookup, no allocation, no lock.
 */
public final class WorkerRecord {
    private static final VarHandle TASK;

    static {
        try {
            TASK = MethodHandles.lookup().findVarHandle(WorkerRecord.class, "task", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public final PoolRecord pool;
    public final Thread thread;
    @SuppressWarnings("unused") // accessed through TASK
    private Runnable task;
    /** The worker thread's wait slot, set by the worker itself when its loop starts; read only by it. */
    public WaitSlot waits;
    /** The {@code CompletableFuture} an async stage running on this worker will complete, or null. */
    private volatile Object producing;

    WorkerRecord(PoolRecord pool, Thread thread) {
        this.pool = pool;
        this.thread = thread;
    }

    /** Called by the worker itself around each task; release semantics, so readers see it promptly. */
    public void running(Runnable current) {
        TASK.setRelease(this, current);
    }

    /** After a task: nothing running, nothing being produced. */
    public void idle() {
        TASK.setRelease(this, null);
        if (producing != null) {
            producing = null;
        }
    }

    /** The task this worker runs, or null between tasks. */
    public Runnable task() {
        return (Runnable) TASK.getAcquire(this);
    }

    public void producing(Object future) {
        producing = future;
    }

    /** The future the async stage running here will complete, or null. */
    public Object producing() {
        return producing;
    }

    public Thread thread() {
        return thread;
    }

    public PoolRecord pool() {
        return pool;
    }
}
