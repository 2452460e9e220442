package dev.poolguard.it.programs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Shape: Surefire's fork exit watchdog. A ScheduledThreadPoolExecutor (daemon thread "watchdog-1") holds
 * a delayed task "WatchdogTask[halt]" due in WATCHDOG_MILLIS that calls Runtime.halt(0). Main calls
 * System.exit(0) at once while another pool's task "StuckTask[never]" (thread "stuck-pool-1") waits on a
 * latch nobody releases. With a grace longer than the timer, the drain waits for the timer (it is due
 * within the grace), and the watchdog halts the JVM in the middle of the drain. Prints "task start"
 * when the stuck task runs and "watchdog halts" just before the halt.
 *
 * <p>args: WATCHDOG_MILLIS
 */
public final class WatchdogHaltsDuringDrain {
    public static void main(String[] args) throws InterruptedException {
        long watchdogMillis = Long.parseLong(args[0]);
        ExecutorService stuck = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads("stuck-pool", false));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        stuck.execute(new Runnable() {
            @Override
            public void run() {
                Out.line("task start");
                started.countDown();
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Out.line("interrupted never");
                }
            }

            @Override
            public String toString() {
                return "StuckTask[never]";
            }
        });
        started.await();

        ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, new NamedThreads("watchdog", true));
        watchdog.schedule(new Runnable() {
            @Override
            public void run() {
                Out.line("watchdog halts");
                Runtime.getRuntime().halt(0);
            }

            @Override
            public String toString() {
                return "WatchdogTask[halt]";
            }
        }, watchdogMillis, TimeUnit.MILLISECONDS);
        Out.line("main exits 0");
        System.exit(0);
    }
}
