package dev.poolguard.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Every pool that ever started a worker, and every worker alive now.
 *
 * <p>A worker is known from the moment its thread is created (inside {@code addWorker}), not from when
 * it first runs: a worker spawned by a shutdown hook just before the drain must be drained too.
 * It is forgotten when it exits ({@code processWorkerExit}) or when its start fails
 * ({@code addWorkerFailed}), which between them cover every way a worker ends. Pools are held weakly.
 */
public final class PoolRegistry {
    private final WeakIdentityMap<ThreadPoolExecutor, PoolRecord> pools = new WeakIdentityMap<>();
    /** Keyed by the pool's {@code Worker} object, which keeps identity equality. */
    private final ConcurrentHashMap<Object, WorkerRecord> workers = new ConcurrentHashMap<>();
    /** The same records by thread, for the questions "is this thread a worker, of which pool". */
    private final ConcurrentHashMap<Thread, WorkerRecord> byThread = new ConcurrentHashMap<>();

    /** The record of {@code pool}, created on first sight; {@code firstWorker} names it. */
    public PoolRecord pool(ThreadPoolExecutor pool, Thread firstWorker) {
        return pools.computeIfAbsent(pool, p -> new PoolRecord(p, firstWorker));
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
        poolRecord.workers.add(record);
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

    /** The worker exits, or never started. */
    public void workerGone(Object worker) {
        if (worker == null) {
            return;
        }
        WorkerRecord record = workers.remove(worker);
        if (record != null) {
            record.pool.workers.remove(record);
            byThread.remove(record.thread, record);
        }
    }

    /** The worker record of {@code thread}, or null if it is not a pool worker running its loop. */
    public WorkerRecord workerOf(Thread thread) {
        return byThread.get(thread);
    }

    /** Pools that still exist, in no particular order. */
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
