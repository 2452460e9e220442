package dev.poolguard.it.programs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Shape: CPython bpo-31783 on the JVM: completion callbacks that never stop scheduling their successor
 * (CHAINS endless chains, alternating between a fixed pool "chain-fixed" with a queue and a cached pool
 * "chain-cached" that spawns a worker whenever none is idle) while System.exit(0) runs. Main exits once
 * EXIT_AFTER tasks completed. For the honest accounting check every task prints "start ID" and "done ID"
 * (ID = cCHAIN.STEP, the task describes itself as "ChainTask[ID]"), and every submission of a successor
 * prints "accepted ID" or "rejected ID" (a RejectedExecutionException, which ends that chain). The cached
 * pool's workers retire after 1 ms idle, so it keeps asking for new ones. With HOOK_MILLIS &gt; 0 an
 * application shutdown hook ("slow-hook", e.g. flushing a log) works that long first, so the chains keep
 * running, and asking for workers, during the hooks.
 *
 * <p>args: CHAINS EXIT_AFTER [HOOK_MILLIS]
 */
public final class CallbackChains {
    static ExecutorService fixed;
    static ExecutorService cached;
    static CountDownLatch completed;

    static final class ChainTask implements Runnable {
        private final int chain;
        private final int step;

        ChainTask(int chain, int step) {
            this.chain = chain;
            this.step = step;
        }

        String id() {
            return "c" + chain + "." + step;
        }

        @Override
        public void run() {
            Out.line("start " + id());
            Work.doFor(2, id());
            Out.line("done " + id());
            completed.countDown();
            submit(new ChainTask(chain, step + 1)); // the "completion callback"
        }

        @Override
        public String toString() {
            return "ChainTask[" + id() + "]";
        }
    }

    static void submit(ChainTask task) {
        ExecutorService pool = task.step % 2 == 0 ? fixed : cached;
        try {
            pool.execute(task);
            Out.line("accepted " + task.id());
        } catch (RejectedExecutionException e) {
            Out.line("rejected " + task.id());
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int chains = Integer.parseInt(args[0]);
        int exitAfter = Integer.parseInt(args[1]);
        fixed = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new NamedThreads("chain-fixed", false));
        cached = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.MILLISECONDS, new SynchronousQueue<>(),
                new NamedThreads("chain-cached", false));
        long hookMillis = args.length > 2 ? Long.parseLong(args[2]) : 0;
        if (hookMillis > 0) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                Out.line("slow hook start");
                Work.doFor(hookMillis, "slow-hook");
                Out.line("slow hook done");
            }, "slow-hook"));
        }
        completed = new CountDownLatch(exitAfter);
        for (int c = 1; c <= chains; c++) {
            submit(new ChainTask(c, 0));
        }
        completed.await();
        Out.line("main exits 0");
        System.exit(0);
    }
}
