package dev.poolguard.it.programs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Shape: a process killed with kill -9 while it is shutting down (an orchestrator that loses patience in
 * the middle of a slow drain). A task that never finishes ("StuckTask[killed]") keeps the drain waiting;
 * main calls System.exit(0); the application hook "ready-hook" prints "HOOK RAN", after which the test
 * kills the process. The report must hold what was written up to then, every line complete.
 */
public final class KillDuringDrain {
    public static void main(String[] args) throws InterruptedException {
        ExecutorService pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads("killed-pool", false));
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(new Runnable() {
            @Override
            public void run() {
                started.countDown();
                Work.forever();
            }

            @Override
            public String toString() {
                return "StuckTask[killed]";
            }
        });
        started.await();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Out.line("HOOK RAN"), "ready-hook"));
        Out.line("main exits 0");
        System.exit(0);
    }
}
