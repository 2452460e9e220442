package dev.poolguard.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Busy but correct pool use: the control case, on which poolguard must report nothing.
 *
 * <p>It does the things that look like the deadlock demos at a glance but are safe: waits on futures
 * from main (not from a task of the same pool), a pool task that waits on a task of a different pool
 * whose workers never wait back, CompletableFuture stages that hop between pools without blocking,
 * invokeAll, a scheduled task with a timed get; and it ends the way a program should, with shutdown()
 * and awaitTermination() of every pool and a normal return from main.
 */
final class Healthy implements Scenario {

    private static final int SUBMITTED = 2000;
    private static final int INVOKED = 1000;
    private static final int CHAINS = 1000;
    private static final int CROSS_POOL_WAITS = 100;
    private static final int TICKS = 5;

    /** Every task body counts itself here, so the summary says how much work really ran. */
    private final AtomicInteger tasksRun = new AtomicInteger();

    @Override
    public String name() {
        return "healthy";
    }

    @Override
    public String description() {
        return "busy but correct use of 4 pools; poolguard must find nothing";
    }

    @Override
    public int run() throws Exception {
        long begin = System.nanoTime();
        ExecutorService fixed = Executors.newFixedThreadPool(4, new NamedThreadFactory("healthy-fixed"));
        ExecutorService cached = Executors.newCachedThreadPool(new NamedThreadFactory("healthy-cached"));
        ScheduledExecutorService scheduled =
                Executors.newScheduledThreadPool(2, new NamedThreadFactory("healthy-scheduled"));
        CountingPool counting = new CountingPool(4, new NamedThreadFactory("healthy-counting"));
        List<ExecutorService> pools = List.of(fixed, cached, scheduled, counting);
        say("running thousands of small tasks on 4 pools, waiting only where it is safe");
        // -Dhealthy.until=FILE repeats the work until FILE exists, so that a test can look into the
        // program while it runs (poolguard's attach command) and then let it end as usual
        String until = System.getProperty("healthy.until");
        try {
            do {
                submitAndGetFromMain(fixed);
                invokeAllFromMain(counting);
                chainAcrossPools(fixed, cached);
                waitOnAnotherPool(cached, fixed);
                scheduledWork(scheduled);
            } while (until != null && !Files.exists(Path.of(until)));
        } finally {
            for (ExecutorService pool : pools) {
                pool.shutdown();
            }
        }
        for (ExecutorService pool : pools) {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                say("a pool did not terminate within 5 s after shutdown(): %s", pool);
                return 1;
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        say("%d tasks done in %d pools in %d ms (%d on the ThreadPoolExecutor subclass); every pool shut down"
                + " and terminated", tasksRun.get(), pools.size(), millis, counting.executed());
        return 0;
    }

    /** Submit from main, then get from main: main is no pool worker, so its waits starve nobody. */
    private void submitAndGetFromMain(ExecutorService pool) throws Exception {
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < SUBMITTED; i++) {
            int n = i;
            futures.add(pool.submit(() -> work(n)));
        }
        expectSum(futures, SUBMITTED, "submit+get");
    }

    /** invokeAll from main waits for all its tasks; again main, not a worker of that pool, waits. */
    private void invokeAllFromMain(ExecutorService pool) throws Exception {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < INVOKED; i++) {
            int n = i;
            tasks.add(() -> work(n));
        }
        expectSum(pool.invokeAll(tasks), INVOKED, "invokeAll");
    }

    /**
     * Stages hop from one pool to the other and back. No stage blocks: each is scheduled when the one
     * before completes, so no worker ever waits; only main joins the ends.
     */
    private void chainAcrossPools(ExecutorService first, ExecutorService second) {
        List<CompletableFuture<Integer>> chains = new ArrayList<>();
        for (int i = 0; i < CHAINS; i++) {
            int n = i;
            chains.add(CompletableFuture.supplyAsync(() -> work(n), first)
                    .thenApplyAsync(this::work, second)
                    .thenApplyAsync(this::work, first));
        }
        CompletableFuture.allOf(chains.toArray(new CompletableFuture<?>[0])).join();
    }

    /**
     * A task of one pool waits on a task of another pool. That is safe as long as the other pool's
     * workers never wait back on this one: here they only compute, so they always finish.
     */
    private void waitOnAnotherPool(ExecutorService waiting, ExecutorService working) throws Exception {
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < CROSS_POOL_WAITS; i++) {
            int n = i;
            futures.add(waiting.submit(() -> {
                tasksRun.incrementAndGet();
                return working.submit(() -> work(n)).get();
            }));
        }
        expectSum(futures, CROSS_POOL_WAITS, "cross-pool wait");
    }

    /** A delayed task read with a timed get, and a periodic task that main cancels after a few runs. */
    private void scheduledWork(ScheduledExecutorService pool) throws Exception {
        Integer delayed = pool.schedule(() -> work(21), 20, TimeUnit.MILLISECONDS).get(1, TimeUnit.SECONDS);
        if (delayed != 42) {
            throw new IllegalStateException("scheduled task returned " + delayed);
        }
        CountDownLatch ticks = new CountDownLatch(TICKS);
        ScheduledFuture<?> ticker = pool.scheduleAtFixedRate(() -> {
            tasksRun.incrementAndGet();
            ticks.countDown();
        }, 0, 5, TimeUnit.MILLISECONDS);
        boolean ticked = ticks.await(1, TimeUnit.SECONDS);
        ticker.cancel(false);
        if (!ticked) {
            throw new TimeoutException("periodic task ran fewer than " + TICKS + " times in 1 s");
        }
    }

    /** The "work" of every task: tiny, so the pools are busy with many tasks rather than long ones. */
    private Integer work(int n) {
        tasksRun.incrementAndGet();
        return n * 2;
    }

    /** Gets every future (from main) and checks the results, so a lost or wrong task does not pass. */
    private static void expectSum(List<Future<Integer>> futures, int count, String what)
            throws InterruptedException, ExecutionException {
        long sum = 0;
        for (Future<Integer> future : futures) {
            sum += future.get();
        }
        long expected = (long) count * (count - 1);
        if (sum != expected) {
            throw new IllegalStateException(what + ": results add up to " + sum + ", expected " + expected);
        }
    }

    /**
     * A ThreadPoolExecutor subclass, as applications write them for metrics or context propagation:
     * poolguard has to track subclasses like the JDK's own pools.
     */
    private static final class CountingPool extends ThreadPoolExecutor {

        private final AtomicInteger executed = new AtomicInteger();

        CountingPool(int threads, NamedThreadFactory threadFactory) {
            super(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threadFactory);
        }

        @Override
        protected void afterExecute(Runnable task, Throwable failure) {
            super.afterExecute(task, failure);
            executed.incrementAndGet();
        }

        int executed() {
            return executed.get();
        }
    }
}
