package dev.poolguard.bootstrap.pools;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Every pool that ever started a worker, and every worker alive now.
 *
 * <p>A worker is known from the moment its thread is created (inside {@code addWorker}), not from when
 * it first runs: a worker spawned by a shutdown hook just before the drain must be drained too.
 * It is forgotten when it exits ({@code processWorkerExit}) or when its start fails
 * ({@code addWorkerFailed}), which between them cover every way a worker ends. Pools are held weakly.
 *
 * <p>Memory follows what is alive: the maps of workers shrink back after a burst ({@link ShrinkingMap}),
 * and a pool is in {@link #activePoolsNow()} only while it has a worker, so a wait's check never walks the
 * entries of pools that are dead but not yet collected.
 */
public final class PoolRegistry {
    private final WeakIdentityMap<ThreadPoolExecutor, PoolRecord> pools = new WeakIdentityMap<>();
    /** Keyed by the pool's {@code Worker} object, which keeps identity equality. */
    private final ShrinkingMap<Object, WorkerRecord> workers = new ShrinkingMap<>();
    /** The same records by thread, for the questions "is this thread a worker, of which pool". */
    private final ShrinkingMap<Thread, WorkerRecord> byThread = new ShrinkingMap<>();
    private static final PoolRecord[] NO_POOLS = new PoolRecord[0];
    /**
     * Pools with at least one worker, copied on write: every blocking wait's check may read them, while
     * a pool enters or leaves only when its first worker starts or its last one exits. Written under
     * {@link #activeLock}, which is taken inside a record's lock, never around one.
     */
    private volatile PoolRecord[] active = NO_POOLS;
    private final Object activeLock = new Object();
    /** Told when a pool gets its first worker (the stall watch starts its thread then), or null. */
    private volatile Runnable poolActivated;

    /** The record of {@code pool}, created on first sight; {@code firstWorker} names it. */
    public PoolRecord pool(ThreadPoolExecutor pool, Thread firstWorker) {
        return pools.computeIfAbsent(pool, new NewRecord(firstWorker));
    }

    /** A new pool's record; a class, not a lambda (spun at the first pool's first worker, about a ms). */
    private static final class NewRecord implements java.util.function.Function<ThreadPoolExecutor, PoolRecord> {
        private final Thread firstWorker;

        NewRecord(Thread firstWorker) {
            this.firstWorker = firstWorker;
        }

        @Override
        public PoolRecord apply(ThreadPoolExecutor pool) {
            return new PoolRecord(pool, firstWorker);
        }
    }

    /** The record of {@code pool}, or null if it never started a worker. */
    public PoolRecord knownPool(ThreadPoolExecutor pool) {
        return pools.get(pool);
    }

    /** A worker's thread was created. */
    public WorkerRecord workerCreated(ThreadPoolExecutor pool, Object worker, Thread thread) {
        PoolRecord poolRecord = pool(pool, thread);
        WorkerRecord record = new WorkerRecord(poolRecord, thread);
        workers.put(worker, record);
        // under the pool's lock so that "has workers" and "is active" change together; taken at spawn and
        // exit only, where the pool itself holds its mainLock anyway; only activeLock is ever taken inside it
        synchronized (poolRecord) {
            if (poolRecord.addWorker(record)) {
                activate(poolRecord);
            }
        }
        return record;
    }

    /** The worker's run loop starts; returns its record (created now if its spawn was not seen). */
    public WorkerRecord workerStarted(ThreadPoolExecutor pool, Object worker) {
        WorkerRecord record = workers.get(worker);
        if (record == null) {
            record = workerCreated(pool, worker, Thread.currentThread());
        }
        byThread.put(record.thread, record);
        return record;
    }

    /**
     * A worker that was already running when poolguard was attached to a live JVM ({@code attach --watch}):
     * recorded as if its spawn and start had been seen. Returns false when it is known already (spawned
     * after the JDK classes were rewritten) or its thread has ended meanwhile.
     */
    public boolean adopt(ThreadPoolExecutor pool, Object worker, Thread thread) {
        if (workers.get(worker) != null || !thread.isAlive()) {
            return false;
        }
        WorkerRecord record = workerCreated(pool, worker, thread);
        record.pool.submitters.unknownBefore(); // submitted to before poolguard watched: growth never ruled out
        byThread.put(thread, record);
        if (!thread.isAlive()) {
            workerGone(worker); // it exited between the check and the record: its exit hook found nothing
            return false;
        }
        return true;
    }

    /** The worker exits, or never started. */
    public void workerGone(Object worker) {
        if (worker == null) {
            return;
        }
        WorkerRecord record = workers.remove(worker);
        if (record != null) {
            PoolRecord pool = record.pool;
            synchronized (pool) {
                if (pool.removeWorker(record)) {
                    deactivate(pool);
                }
            }
            byThread.remove(record.thread, record);
        }
    }

    /** The worker record of {@code thread}, or null if it is not a pool worker running its loop. */
    public WorkerRecord workerOf(Thread thread) {
        return byThread.get(thread);
    }

    private void activate(PoolRecord pool) {
        synchronized (activeLock) {
            active = CopyOnWriteArrays.plus(active, pool);
        }
        Runnable listener = poolActivated;
        if (listener != null) {
            listener.run(); // must not throw (the stall watch's catches its own failures)
        }
    }

    /** {@code listener} runs, on the spawning thread, each time a pool gets a worker after having none. */
    public void onPoolActivated(Runnable listener) {
        poolActivated = listener;
    }

    private void deactivate(PoolRecord pool) {
        synchronized (activeLock) {
            active = CopyOnWriteArrays.minus(active, pool, NO_POOLS);
        }
    }

    /**
     * Pools that have a worker now, in no particular order, read without copying: callers must not write
     * to the array (a pool may be collected while it is read: check {@link PoolRecord#pool()}). A pool
     * without workers runs nothing, so the questions a wait asks (who runs this, where is it queued)
     * never need it.
     */
    public PoolRecord[] activePoolsNow() {
        return active;
    }

    /** The same pools as an immutable snapshot (for tests and cold paths). */
    public List<PoolRecord> activePools() {
        return List.of(active);
    }

    /** Workers running their loop now: a weakly consistent live view, not a copy. */
    public Collection<WorkerRecord> runningWorkers() {
        return byThread.values();
    }

    /** Every pool that still exists, with workers or not, in no particular order (a copy: cold paths). */
    public List<PoolRecord> livePools() {
        List<PoolRecord> live = new ArrayList<>();
        for (PoolRecord record : pools.values()) {
            if (record.pool() != null) {
                live.add(record);
            }
        }
        return live;
    }

    /** For leak checks: pools and workers currently remembered. */
    public int poolCount() {
        return pools.size();
    }

    public int workerCount() {
        return workers.size();
    }
}
