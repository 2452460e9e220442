package dev.poolguard.it.programs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Shape: System.exit(N) from main while a pool task is in the middle of its work, the everyday way work
 * gets cut off (a CLI that exits once it "submitted everything"). Without the agent the task dies mid-way.
 * The task (a FutureTask around "SleepTask[exit-during-task]", on the non-daemon one-thread pool whose
 * thread is "exit-pool-1") prints "task start", works for WORK_MILLIS, then prints "task done".
 * Main waits until the task has started, then exits. No application shutdown hook.
 *
 * <p>args: STATUS WORK_MILLIS
 */
public final class ExitDuringTask {
    static final class SleepTask implements Runnable {
        private final CountDownLatch started;
        private final long workMillis;

        SleepTask(CountDownLatch started, long workMillis) {
            this.started = started;
            this.workMillis = workMillis;
        }

        @Override
        public void run() {
            Out.line("task start");
            started.countDown();
            if (Work.doFor(workMillis, "exit-during-task")) {
                Out.line("task done");
            }
        }

        @Override
        public String toString() {
            return "SleepTask[exit-during-task]";
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int status = Integer.parseInt(args[0]);
        long workMillis = Long.parseLong(args[1]);
        ExecutorService pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads("exit-pool", false));
        CountDownLatch started = new CountDownLatch(1);
        pool.submit(new SleepTask(started, workMillis));
        started.await();
        Out.line("main exits " + status);
        System.exit(status);
    }
}
