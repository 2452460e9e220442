package dev.poolguard.it.programs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Shape: a second System.exit while the first one is still shutting down. Main calls System.exit(0)
 * while two tasks of the pool "second-exit-pool" are mid-work: "ExitingTask[second-exit]" works
 * EXITER_MILLIS, prints "exiter calls exit 5" and calls System.exit(5) from its pool thread;
 * "SleepTask[long-work]" works LONG_MILLIS (longer) and prints "task done". With a drain that waits in the
 * right place, the long task completes and the first exit's status (0) wins.
 *
 * <p>args: EXITER_MILLIS LONG_MILLIS
 */
public final class SecondExitDuringDrain {
    public static void main(String[] args) throws InterruptedException {
        long exiterMillis = Long.parseLong(args[0]);
        long longMillis = Long.parseLong(args[1]);
        ExecutorService pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads("second-exit-pool", false));
        CountDownLatch started = new CountDownLatch(2);
        pool.execute(new Runnable() {
            @Override
            public void run() {
                Out.line("long task start");
                started.countDown();
                if (Work.doFor(longMillis, "long-work")) {
                    Out.line("task done");
                }
            }

            @Override
            public String toString() {
                return "SleepTask[long-work]";
            }
        });
        pool.execute(new Runnable() {
            @Override
            public void run() {
                Out.line("exiter start");
                started.countDown();
                if (Work.doFor(exiterMillis, "second-exit")) {
                    Out.line("exiter calls exit 5");
                    System.exit(5);
                }
            }

            @Override
            public String toString() {
                return "ExitingTask[second-exit]";
            }
        });
        started.await();
        Out.line("main exits 0");
        System.exit(0);
    }
}
