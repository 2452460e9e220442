package dev.poolguard.demo;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CPython bpo-31783 shape on the JVM: completion callbacks keep scheduling tasks, and the pool
 * keeps starting workers for them, while {@code System.exit} runs.
 *
 * <p>Several chains run on one pool: when a task completes, its completion callback submits the next
 * task of its chain. The pool hands tasks over through a SynchronousQueue and lets idle extra workers
 * retire after 1 ms, so it starts new worker threads all the time. After 500 ms main calls
 * {@code System.exit(0)}. Nothing stops the chains: during the shutdown hooks they keep submitting,
 * tasks keep starting and workers keep being spawned, and when the hooks are done the JVM halts in the
 * middle of whatever is running. A shutdown hook that needs the pool (a last "flush") competes with
 * all of that.
 *
 * <p>Only a shutdown hook can say what happened, since the JVM halts right after the hooks; so the
 * last hook prints the counts. With poolguard, spawns are refused during shutdown and the pool is shut
 * down and drained after the hooks: the chains then end with RejectedExecutionException (counted as
 * "refused", never printed as stack traces), and the callback that ends the last chain prints a final
 * line with nothing cut off.
 */
final class ShutdownRace implements Scenario {

    private static final int CHAINS = 6;
    private static final long RUN_BEFORE_EXIT_MILLIS = 500;
    private static final long FLUSH_MILLIS = 100;

    private final NamedThreadFactory workers = new NamedThreadFactory("race-worker");
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger startedAfterExit = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger chainsEnded = new AtomicInteger();
    private final CountDownLatch flushHookDone = new CountDownLatch(1);
    private volatile boolean exitCalled;
    private volatile int workersAtExit;
    private ThreadPoolExecutor pool;

    @Override
    public String name() {
        return "shutdown-race";
    }

    @Override
    public String description() {
        return "completion callbacks keep scheduling tasks and spawning workers while System.exit runs";
    }

    @Override
    public int run() throws InterruptedException {
        // Core 2, up to 16 (6 chains need at most 12: a finishing task and its successor each hold a
        // worker for a moment). A SynchronousQueue queues nothing, so a task that finds no idle worker
        // gets a new one; extra workers retire after 1 ms idle, so new ones keep being started.
        pool = new ThreadPoolExecutor(2, 16, 1, TimeUnit.MILLISECONDS, new SynchronousQueue<>(), workers);
        Runtime.getRuntime().addShutdownHook(new Thread(this::flushHook, "race-flush-hook"));
        Runtime.getRuntime().addShutdownHook(new Thread(this::summaryHook, "race-summary-hook"));

        say("starting %d chains of 20-50 ms tasks; each task's completion callback submits the next one",
                CHAINS);
        for (int chain = 0; chain < CHAINS; chain++) {
            submitNext();
        }
        Thread.sleep(RUN_BEFORE_EXIT_MILLIS);

        workersAtExit = workers.started();
        exitCalled = true;
        say("calling System.exit(0) after %d ms: tasks started=%d, workers started=%d so far",
                RUN_BEFORE_EXIT_MILLIS, started.get(), workersAtExit);
        System.exit(0);
        return 0; // not reached: System.exit does not return
    }

    /**
     * Submits the next task of a chain and, as its completion callback, the one after. The callback
     * runs on the worker that completed the task, so it is that worker that asks the pool for a
     * thread, just as a done-callback does in Python's concurrent.futures.
     */
    private void submitNext() {
        try {
            CompletableFuture.runAsync(this::task, pool).whenComplete((ignored, failure) -> submitNext());
        } catch (RejectedExecutionException e) {
            // The pool refused the task (with poolguard: no new worker during shutdown, or the pool
            // shut down after the hooks). That ends this chain; count it, never print a stack trace.
            refused.incrementAndGet();
            if (chainsEnded.incrementAndGet() == CHAINS) {
                say("all %d chains have ended: started=%d completed=%d cut-off=%d refused=%d",
                        CHAINS, started.get(), completed.get(), started.get() - completed.get(), refused.get());
            }
        }
    }

    /** One unit of work: a short sleep stands in for I/O. */
    private void task() {
        started.incrementAndGet();
        if (exitCalled) {
            startedAfterExit.incrementAndGet();
        }
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(20, 51));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            completed.incrementAndGet();
        }
    }

    /** A shutdown hook that needs the pool: it hands over a last flush task and waits up to 2 s. */
    private void flushHook() {
        try {
            say("flush hook: submitting a flush task to the pool and waiting up to 2 s for it");
            Future<?> flush = pool.submit(() -> sleep(FLUSH_MILLIS));
            flush.get(2, TimeUnit.SECONDS);
            say("flush hook: the flush task is done");
        } catch (RejectedExecutionException e) {
            say("flush hook: the pool refused the flush task");
        } catch (TimeoutException e) {
            say("flush hook: the flush task was not done after 2 s; giving up on it");
        } catch (ExecutionException e) {
            say("flush hook: the flush task failed: %s", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            say("flush hook: interrupted while waiting");
        } finally {
            flushHookDone.countDown();
        }
    }

    /**
     * The last word before the JVM halts: hooks run concurrently, so it first waits (3 s at most) for
     * the flush hook. A task counted as started but not completed here is still running; unless
     * something drains the pool after the hooks, the halt cuts it off.
     */
    private void summaryHook() {
        try {
            flushHookDone.await(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int startedNow = started.get();
        int completedNow = completed.get();
        say("since System.exit was called: tasks started=%d, workers started=%d", startedAfterExit.get(),
                workers.started() - workersAtExit);
        say("at the last hook: started=%d completed=%d cut-off=%d refused=%d (cut-off: started, not"
                + " finished; the halt after the hooks kills them unless the pool is drained)",
                startedNow, completedNow, startedNow - completedNow, refused.get());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
