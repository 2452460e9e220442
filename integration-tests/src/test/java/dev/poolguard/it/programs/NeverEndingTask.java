package dev.poolguard.it.programs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Shape: a task that will never finish (it waits on a latch nobody releases: a lost wake-up, a hung
 * remote call) when System.exit(0) runs. The drain can only give up at its grace bound. The task
 * "StuckTask[never]" runs on the non-daemon pool thread "stuck-pool-1" and prints "task start".
 */
public final class NeverEndingTask {
    static final class StuckTask implements Runnable {
        private final CountDownLatch started;
        private final CountDownLatch never = new CountDownLatch(1);

        StuckTask(CountDownLatch started) {
            this.started = started;
        }

        @Override
        public void run() {
            Out.line("task start");
            started.countDown();
            try {
                never.await();
                Out.line("task done");
            } catch (InterruptedException e) {
                Out.line("interrupted never");
            }
        }

        @Override
        public String toString() {
            return "StuckTask[never]";
        }
    }

    public static void main(String[] args) throws InterruptedException {
        ExecutorService pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads("stuck-pool", false));
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(new StuckTask(started));
        started.await();
        Out.line("main exits 0");
        System.exit(0);
    }
}
