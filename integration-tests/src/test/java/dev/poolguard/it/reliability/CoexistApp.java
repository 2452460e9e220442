package dev.poolguard.it.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Child program of {@link CoexistenceIT}: uses pools while both agents are attached. Ordinary work on a
 * two-thread pool (which both agents see), a deadlock (poolguard runs with deadlock=fail: the wait throws),
 * then prints the second agent's counters, and finally {@code System.exit(0)} while a task of a non-daemon
 * pool is still working: poolguard's drain lets it finish ("TASK DONE").
 */
public final class CoexistApp {
    public static void main(String[] args) throws Exception {
        long executesBefore = CoAgent.count(CoAgent.EXECUTES);
        long runWorkersBefore = CoAgent.count(CoAgent.RUN_WORKERS);
        Say.line("COAGENT LOADED " + (executesBefore >= 0));

        ThreadPoolExecutor two = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Say.threads("coexist-two", false));
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            results.add(two.submit(() -> n * n));
        }
        int sum = 0;
        for (Future<Integer> f : results) sum += f.get(30, TimeUnit.SECONDS);
        Say.line("SUM " + sum);
        two.shutdown();
        two.awaitTermination(30, TimeUnit.SECONDS);

        ExecutorService one = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Say.threads("coexist-one", false));
        Future<String> outer = one.submit(() -> one.submit(() -> "never").get());
        try {
            outer.get(30, TimeUnit.SECONDS);
            Say.line("DEADLOCK NOT DETECTED");
        } catch (ExecutionException e) {
            Say.line("DEADLOCK CAUGHT " + e.getCause().getClass().getName());
        }
        one.shutdownNow();

        Say.line("COAGENT execute+" + (CoAgent.count(CoAgent.EXECUTES) - executesBefore)
                + " runWorker+" + (CoAgent.count(CoAgent.RUN_WORKERS) - runWorkersBefore)
                + " runWorkerExits>=" + Math.min(CoAgent.count(CoAgent.RUN_WORKER_EXITS), 2));

        ExecutorService exitPool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Say.threads("coexist-exit", false));
        CountDownLatch started = new CountDownLatch(1);
        exitPool.execute(() -> {
            Say.line("TASK START");
            started.countDown();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Say.line("TASK INTERRUPTED");
                return;
            }
            Say.line("TASK DONE");
        });
        started.await();
        Say.line("MAIN EXITS");
        System.exit(0);
    }
}
