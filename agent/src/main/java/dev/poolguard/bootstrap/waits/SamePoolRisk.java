package dev.poolguard.bootstrap.waits;

import dev.poolguard.bootstrap.EventSink;
import dev.poolguard.bootstrap.pools.JucAccess;
import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.pools.TaskDescriber;
import dev.poolguard.bootstrap.pools.WorkerRecord;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The latent deadlock: a pool task that waits on an unfinished task of its own pool. Noted when the wait
 * begins (from what poolguard knows without reading a queue, or a small pool's queue), captured at the
 * wait's first park (call site and stack), and reported once per call site and pool when the wait ends
 * or is first analysed, unless that analysis found it in a deadlock.
 */
final class SamePoolRisk {
    /** Bounds the memory of what was reported (call sites are finite, but a generated program may not be). */
    private static final int MAX_REMEMBERED = 10_000;

    private final PoolRegistry registry;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    SamePoolRisk(PoolRegistry registry) {
        this.registry = registry;
    }

    /**
     * A pool worker waiting on an unfinished task of its own pool: a task another worker of the pool runs
     * (a {@code FutureTask}'s runner, or the worker producing a {@code CompletableFuture} stage), or one the
     * waiter handed to its own pool itself (queued, or given to a new worker), or one queued in its own
     * pool by anyone. Decided from state in O(1) where poolguard knows it (the runner, the waiter's note);
     * otherwise the own pool is searched only while it is small ({@link #SMALL}), so a deep backlog never
     * makes a wait pay for its length: a missed risk there, never a false one.
     */
    boolean isSamePoolWait(WaitSlot slot, Object future) {
        WorkerRecord own = slot.worker;
        if (own == null || future instanceof java.util.concurrent.Future<?> f && f.isDone()) {
            return false;
        }
        PoolRecord ownPool = own.pool;
        if (future instanceof FutureTask<?> task) {
            Thread runner = JucAccess.runner(task);
            if (runner != null) {
                WorkerRecord runnerRecord = runner == slot.thread ? null : registry.workerOf(runner);
                return runnerRecord != null && runnerRecord.pool == ownPool;
            }
        }
        ThreadPoolExecutor queuedIn = slot.queuedIn;
        if (queuedIn != null) {
            return queuedIn == ownPool.pool();
        }
        return producedOrQueuedInSmallPool(ownPool, own, future);
    }

    /** Pools larger than this (workers, or tasks queued) are not searched for an un-noted task's place. */
    private static final int SMALL = 64;

    private static boolean producedOrQueuedInSmallPool(PoolRecord ownPool, WorkerRecord waiter, Object future) {
        WorkerRecord[] workers = ownPool.workersNow();
        if (workers.length > SMALL) {
            return false;
        }
        for (WorkerRecord worker : workers) {
            if (worker != waiter && (worker.producing() == future || worker.task() == future)) {
                return true; // runs the stage that completes it, or holds it as a task not started yet
            }
        }
        ThreadPoolExecutor pool = ownPool.pool();
        java.util.concurrent.BlockingQueue<Runnable> queue = pool == null ? null : pool.getQueue();
        if (queue == null || queue.isEmpty() || queue.size() > SMALL) {
            return false;
        }
        for (Object task : queue.toArray()) {
            if (JucAccess.completes(task, future)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Inside the same-pool wait, on its first park: its call site (a stack walk to that frame) and, if the
     * site and pool were not reported yet, what the report will say (the task as it is now, the stack).
     * A site already reported costs the walk and a lookup, and the wait is no longer a pending risk.
     */
    void capture(WaitSlot slot) {
        Object future = slot.future;
        PoolRecord ownPool = slot.worker == null ? null : slot.worker.pool;
        if (future == null || ownPool == null) {
            slot.forgetRisk();
            return;
        }
        String site = Stacks.callSite();
        String key = ownPool.id() + "|" + site;
        if (reported.contains(key)) {
            slot.forgetRisk();
            return;
        }
        slot.pendingRiskKey = key;
        slot.pendingRisk = new RiskReport("SAME_POOL_WAIT", ownPool.id(), slot.thread.getName(), site,
                TaskDescriber.describe(future), Stacks.here());
    }

    /** Reports the pending risk captured by {@link #capture}, once per call site and pool. */
    void report(WaitSlot slot, EventSink sink) {
        RiskReport risk = slot.pendingRisk;
        if (risk != null && remember(reported, slot.pendingRiskKey)) {
            sink.risk(risk);
        }
    }

    /**
     * Adds {@code key} to what was reported; false if it was there. Bounded: past {@link #MAX_REMEMBERED}
     * keys, nothing more is remembered and everything is reported again (better repeated than silent).
     */
    static boolean remember(Set<String> seen, String key) {
        if (seen.contains(key)) {
            return false;
        }
        if (seen.size() >= MAX_REMEMBERED) {
            return true; // stop remembering, keep reporting: better repeated than silent
        }
        return seen.add(key);
    }
}
