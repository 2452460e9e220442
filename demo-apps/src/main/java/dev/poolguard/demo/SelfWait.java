package dev.poolguard.demo;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Deadlock 1 of the thread-pool deadlock tutorial: a task waits on its own future.
 *
 * <p>A future is done only when its task returns, and this task returns only when the future is done,
 * so the wait can never end. In real code the task rarely sees its own future this directly: it
 * usually comes back through a cache, a map of pending results or a callback registry.
 */
final class SelfWait implements Scenario {

    @Override
    public String name() {
        return "self-wait";
    }

    @Override
    public String description() {
        return "a task waits on its own future (hangs without poolguard)";
    }

    @Override
    public int run() {
        // Two workers: the pool is not short of threads, so this is not starvation but a self-wait.
        ExecutorService pool = Executors.newFixedThreadPool(2, new NamedThreadFactory("self-wait-worker"));
        try {
            // The task can only learn its own future after submit() returned it, so the task first
            // waits (on a latch, not on a pool task) until main has published it.
            AtomicReference<Future<?>> self = new AtomicReference<>();
            CountDownLatch published = new CountDownLatch(1);
            Future<Object> task = pool.submit(() -> {
                published.await();
                return self.get().get();
            });
            self.set(task);
            say("a task is about to wait on its own future; without poolguard this never returns");
            published.countDown();
            return OuterWait.await(this, task);
        } finally {
            pool.shutdown();
        }
    }
}
