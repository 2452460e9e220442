package dev.poolguard.bootstrap.pools;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool that feeds a {@link PoolRegistry} the way the rewritten JDK does, without an agent: a worker is
 * recorded when its thread is created, its record is looked up when its loop starts, each task is
 * marked while it runs (inside the worker's lock, like the rewritten {@code runWorker}), and the worker
 * is forgotten when its loop ends.
 */
public class TrackedPool extends ThreadPoolExecutor {
    private final ThreadLocal<WorkerRecord> current = new ThreadLocal<>();
    private volatile Runnable onShutdown = () -> { };

    public TrackedPool(PoolRegistry registry, String name, int threads, BlockingQueue<Runnable> queue) {
        super(threads, threads, 0, TimeUnit.MILLISECONDS, queue);
        AtomicInteger count = new AtomicInteger();
        setThreadFactory(worker -> {
            Thread thread = new Thread(() -> {
                current.set(registry.workerStarted(this, worker));
                try {
                    worker.run();
                } finally {
                    registry.workerGone(worker);
                }
            }, name + "-" + count.incrementAndGet());
            registry.workerCreated(this, worker, thread);
            return thread;
        });
    }

    /** Runs {@code action} right after the pool was shut down (by the drain, for instance). */
    void onShutdown(Runnable action) {
        onShutdown = action;
    }

    @Override
    public void shutdown() {
        super.shutdown();
        onShutdown.run();
    }

    @Override
    protected void beforeExecute(Thread thread, Runnable task) {
        current.get().running(task);
    }

    @Override
    protected void afterExecute(Runnable task, Throwable failure) {
        current.get().running(null);
    }

    public PoolRecord record(PoolRegistry registry) {
        return registry.knownPool(this);
    }

    /** A task with a name, as the summary names it. */
    public static Runnable named(String name, Runnable body) {
        return new Runnable() {
            @Override
            public void run() {
                body.run();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
