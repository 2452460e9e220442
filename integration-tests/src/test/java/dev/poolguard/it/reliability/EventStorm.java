package dev.poolguard.it.reliability;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Child program of {@link KillAnyMomentIT}: makes poolguard write report events as fast as it can, from
 * several threads at once, until it is killed. Each round creates a new pool (so every round is a new
 * pool and a new risk), makes one task of it wait on another running task of the same pool (a risk
 * event) and makes a task wait on its own future with a short timeout (a SELF_WAIT deadlock event, with
 * stacks: the largest lines a report has). Prints "READY" once the storm runs.
 *
 * <p>With args[0] = "exit": after "READY" the storm goes on, pools with long tasks are started, and main
 * calls System.exit(0); an application hook prints "HOOK RAN" and then the drain waits for the long tasks
 * (grace must be long) while the storm threads keep asking pools for new workers (spawn-blocked events).
 */
public final class EventStorm {
    public static void main(String[] args) throws Exception {
        boolean exit = args.length > 0 && args[0].equals("exit");
        for (int i = 0; i < 3; i++) {
            Thread storm = new Thread(EventStorm::storm, "storm-" + i);
            storm.setDaemon(true);
            storm.start();
        }
        Thread.sleep(100);
        Say.line("READY");
        if (!exit) {
            Thread.sleep(60_000);
            return;
        }
        ExecutorService longTasks = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Say.threads("storm-long", false));
        for (int i = 0; i < 2; i++) {
            longTasks.execute(() -> {
                try {
                    Thread.sleep(20_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Say.line("HOOK RAN"), "storm-hook"));
        Thread.sleep(200);
        System.exit(0);
    }

    private static void storm() {
        long round = 0;
        while (true) {
            round++;
            try {
                ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 3, 1, TimeUnit.SECONDS, new SynchronousQueue<>(),
                        Say.threads("storm-" + Thread.currentThread().getName() + "-" + round, true));
                // a risk: a task waits on a running task of its own pool
                CountDownLatch innerRuns = new CountDownLatch(1);
                Future<String> outer = pool.submit(() -> {
                    Future<String> inner = pool.submit(() -> {
                        innerRuns.countDown();
                        Thread.sleep(5);
                        return "inner";
                    });
                    innerRuns.await();
                    return inner.get();
                });
                // a deadlock that ends by itself: a task waits on its own future, with a timeout
                AtomicReference<Future<?>> self = new AtomicReference<>();
                CountDownLatch published = new CountDownLatch(1);
                Future<String> selfWaiting = pool.submit(() -> {
                    published.await();
                    try {
                        return String.valueOf(self.get().get(2, TimeUnit.MILLISECONDS));
                    } catch (TimeoutException e) {
                        return "timed out";
                    }
                });
                self.set(selfWaiting);
                published.countDown();
                outer.get(10, TimeUnit.SECONDS);
                selfWaiting.get(10, TimeUnit.SECONDS);
                pool.shutdown();
            } catch (Exception e) {
                // shutdown began (spawns refused, pools shut down): keep asking, that is the point
                try {
                    Thread.sleep(1);
                } catch (InterruptedException ignored) {
                    return;
                }
            }
        }
    }
}
