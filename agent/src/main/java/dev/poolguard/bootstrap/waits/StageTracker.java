package dev.poolguard.bootstrap.waits;

import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.pools.WorkerRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which thread runs the async stage that will complete which {@code CompletableFuture}. On a pool
 * worker the answer is kept in its {@link WorkerRecord} (one lookup per stage); on other threads (the
 * common pool, JDK 17's thread-per-task executor) in a small map, entered and left by each stage.
 */
public final class StageTracker {
    private final PoolRegistry registry;
    private final ConcurrentHashMap<Thread, Object> otherThreads = new ConcurrentHashMap<>();
    private final WaitGraph waits;

    public StageTracker(PoolRegistry registry, WaitGraph waits) {
        this.registry = registry;
        this.waits = waits;
    }

    void starting(Object future) {
        if (future == null) {
            return;
        }
        Thread current = Thread.currentThread();
        WaitSlot slot = WaitSlot.current();
        if (slot.future != null) {
            // a stage run inside a wait (a ForkJoin worker helping in join): the thread is not blocked
            // while it runs it, so its wait leaves the graph until the stage ends
            waits.leave(slot);
            slot.suspend();
        }
        WorkerRecord worker = slot.worker != null ? slot.worker : registry.workerOf(current);
        if (worker != null) {
            worker.producing(future);
        } else {
            otherThreads.put(current, future);
        }
    }

    void finished() {
        Thread current = Thread.currentThread();
        WaitSlot slot = WaitSlot.current();
        slot.resume();
        WorkerRecord worker = slot.worker != null ? slot.worker : registry.workerOf(current);
        if (worker != null) {
            worker.producing(null);
        } else {
            otherThreads.remove(current);
        }
    }

    /** The thread running the stage that completes {@code future}, or null. */
    Thread producerOf(Object future) {
        for (WorkerRecord worker : registry.runningWorkers()) {
            if (worker.producing() == future) {
                return worker.thread;
            }
        }
        if (otherThreads.isEmpty()) {
            return null;
        }
        for (Map.Entry<Thread, Object> entry : otherThreads.entrySet()) {
            if (entry.getValue() == future) {
                return entry.getKey();
            }
        }
        return null;
    }

    /** Adds the futures that stages running on threads other than pool workers will complete. */
    void producedByOthers(java.util.List<Object> into) {
        if (!otherThreads.isEmpty()) {
            into.addAll(otherThreads.values());
        }
    }

    /** The future a non-worker thread's stage will complete, or null. */
    Object producedBy(Thread thread) {
        return otherThreads.get(thread);
    }
}
