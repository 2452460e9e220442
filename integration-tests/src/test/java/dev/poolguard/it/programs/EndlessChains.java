package dev.poolguard.it.programs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Shape: bpo-31783 chains that never stop by themselves, one per kind of pool: a fixed pool with a queue
 * ("fixed"), a cached pool that needs a new worker for every step ("cached"), a scheduled pool whose
 * tasks schedule the next one ("timer"). Started by main before System.exit(0) ({@code main}), or by an
 * application shutdown hook that lets each chain take three steps and returns ({@code hook}). Output for
 * the accounting check, as in {@link CallbackChains}: "start ID", "done ID", "accepted ID", "rejected ID"
 * with ID = POOL.STEP, and each task describes itself as "Step[ID]".
 *
 * <p>args: main|hook
 */
public final class EndlessChains {
    static ThreadPoolExecutor fixed;
    static ThreadPoolExecutor cached;
    static ScheduledExecutorService timer;
    static final CountDownLatch STEPS = new CountDownLatch(9);

    record Step(String pool, int step) implements Runnable {
        String id() {
            return pool + "." + step;
        }

        @Override
        public void run() {
            Out.line("start " + id());
            Work.doFor(1, id());
            Out.line("done " + id());
            STEPS.countDown();
            submit(new Step(pool, step + 1));
        }

        @Override
        public String toString() {
            return "Step[" + id() + "]";
        }
    }

    static void submit(Step step) {
        try {
            switch (step.pool()) {
                case "fixed" -> fixed.execute(step);
                case "cached" -> cached.execute(step);
                default -> timer.schedule(step, 0, TimeUnit.MILLISECONDS);
            }
            Out.line("accepted " + step.id());
        } catch (RejectedExecutionException e) {
            Out.line("rejected " + step.id());
        }
    }

    static void startChains() {
        for (String pool : new String[] {"fixed", "cached", "timer"}) {
            submit(new Step(pool, 0));
        }
    }

    public static void main(String[] args) throws InterruptedException {
        fixed = (ThreadPoolExecutor) Executors.newFixedThreadPool(2, new NamedThreads("fixed", false));
        cached = (ThreadPoolExecutor) Executors.newCachedThreadPool(new NamedThreads("cached", false));
        timer = new ScheduledThreadPoolExecutor(1, new NamedThreads("timer", false));
        if (args[0].equals("hook")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                startChains();
                try {
                    STEPS.await(2, TimeUnit.SECONDS); // the cached chain ends at its first step: at most 2 s
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Out.line("hook returns");
            }, "chain-hook"));
        } else {
            startChains();
            STEPS.await();
        }
        Out.line("main exits 0");
        System.exit(0);
    }
}
