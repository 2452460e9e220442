package dev.poolguard.demo;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Deadlock 3 of the thread-pool deadlock tutorial: two tasks wait on each other's futures.
 *
 * <p>Both tasks are running, each on its own worker, and each waits for the other to finish: a cycle,
 * so neither ever does. The pool has a worker for each task, so it is not starvation; more workers
 * would not help.
 */
final class MutualWait implements Scenario {

    @Override
    public String name() {
        return "mutual-wait";
    }

    @Override
    public String description() {
        return "two tasks wait on each other's futures (hangs without poolguard)";
    }

    @Override
    public int run() {
        ExecutorService pool = Executors.newFixedThreadPool(2, new NamedThreadFactory("mutual-wait-worker"));
        try {
            AtomicReference<Future<?>> futureOfA = new AtomicReference<>();
            AtomicReference<Future<?>> futureOfB = new AtomicReference<>();
            // Latches, not pool tasks, line the two up: both must be running and both futures known
            // before either waits, so the waits really form a cycle of two running tasks (rather than
            // a wait on a task that has not started yet).
            CountDownLatch bothRunning = new CountDownLatch(2);
            CountDownLatch bothPublished = new CountDownLatch(1);
            Future<Object> a = pool.submit(() -> waitOnOther(bothRunning, bothPublished, futureOfB));
            Future<Object> b = pool.submit(() -> waitOnOther(bothRunning, bothPublished, futureOfA));
            futureOfA.set(a);
            futureOfB.set(b);
            say("two running tasks are about to wait on each other's futures; without poolguard this never returns");
            bothPublished.countDown();
            return OuterWait.await(this, a);
        } finally {
            pool.shutdown();
        }
    }

    private static Object waitOnOther(CountDownLatch bothRunning, CountDownLatch bothPublished,
            AtomicReference<Future<?>> other) throws Exception {
        bothRunning.countDown();
        bothRunning.await();
        bothPublished.await();
        return other.get().get();
    }
}
