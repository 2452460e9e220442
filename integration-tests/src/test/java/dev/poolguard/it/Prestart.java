package dev.poolguard.it;

import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs child JVMs ahead of the tests that check them, a few at a time ({@code -Dpoolguard.itParallel},
 * default 4), so that the seconds the deadlock programs spend hung (by design, until their bounded outer
 * wait ends) overlap instead of adding up.
 *
 * <p>A test class starts all its runs in {@code @BeforeAll} with {@link #start}; each test then
 * {@link #take}s its own, which also starts it when it was not started before (a single selected test).
 * Each key is run once; several tests may take the same run.
 */
final class Prestart {
    static final int PARALLEL = Math.max(1, Integer.getInteger("poolguard.itParallel", 4));
    private static final ExecutorService RUNNER = Executors.newFixedThreadPool(PARALLEL, r -> {
        Thread t = new Thread(r, "it-child-runner");
        t.setDaemon(true);
        return t;
    });
    private static final ConcurrentHashMap<String, Future<Run>> RUNS = new ConcurrentHashMap<>();

    /** A child's result and how long the run took, wall clock, as the harness saw it. */
    record Run(ChildJvm.Result result, long millis) {}

    private Prestart() {}

    /** Queues {@code child} under {@code key} unless it is queued already. */
    static void start(String key, Callable<ChildJvm.Result> child) {
        RUNS.computeIfAbsent(key, k -> RUNNER.submit(() -> {
            long t0 = System.nanoTime();
            ChildJvm.Result result = child.call();
            return new Run(result, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }));
    }

    /** The run under {@code key} (started now if it was not), once it ended. */
    static Run take(String key, Callable<ChildJvm.Result> child) {
        start(key, child);
        Future<Run> run = RUNS.get(key);
        try {
            return run.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + key, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) throw error;
            if (cause instanceof RuntimeException runtime) throw runtime;
            throw new AssertionError("run " + key + " failed", cause);
        }
    }
}
