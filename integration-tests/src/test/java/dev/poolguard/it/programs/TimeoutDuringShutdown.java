package dev.poolguard.it.programs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Shape: a task that, while the JVM shuts down, waits with a timeout built on the JDK's own scheduler
 * (CompletableFuture.orTimeout: on JDK 17 the internal "CompletableFutureDelayScheduler" pool, whose
 * worker is started on first use, here only after shutdown began). The JDK's internal pools must be left
 * alone: if its worker is refused or the scheduler is shut down, the timeout never fires (or is
 * rejected) and the task never finishes. The task "TimeoutTask[during-shutdown]" (thread
 * "timeout-pool-1") waits for the gate an application hook opens, then prints "timeout fired" or
 * "unexpected ...", then "task done".
 */
public final class TimeoutDuringShutdown {
    public static void main(String[] args) throws InterruptedException {
        ExecutorService pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads("timeout-pool", false));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(gate::countDown, "gate-hook"));
        pool.execute(new Runnable() {
            @Override
            public void run() {
                started.countDown();
                try {
                    gate.await();
                    new CompletableFuture<String>().orTimeout(200, TimeUnit.MILLISECONDS).join();
                    Out.line("unexpected: completed");
                } catch (CompletionException e) {
                    Out.line(e.getCause() instanceof TimeoutException ? "timeout fired" : "unexpected " + e.getCause());
                } catch (RuntimeException | InterruptedException e) {
                    Out.line("unexpected " + e);
                }
                Out.line("task done");
            }

            @Override
            public String toString() {
                return "TimeoutTask[during-shutdown]";
            }
        });
        started.await();
        Out.line("main exits 0");
        System.exit(0);
    }
}
