package dev.poolguard.it.programs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Shape: main simply returns while a DAEMON pool's task is mid-work, so the JVM shuts down because the
 * last non-daemon thread ended (DestroyJavaVM) and, without the agent, silently abandons the task. The
 * task "SleepTask[daemon]" (thread "daemon-pool-1") prints "task start", works for WORK_MILLIS, then
 * prints "task done". No application shutdown hook.
 *
 * <p>args: WORK_MILLIS
 */
public final class NaturalExitDaemonTask {
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
            if (Work.doFor(workMillis, "daemon")) {
                Out.line("task done");
            }
        }

        @Override
        public String toString() {
            return "SleepTask[daemon]";
        }
    }

    public static void main(String[] args) throws InterruptedException {
        long workMillis = Long.parseLong(args[0]);
        ExecutorService pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads("daemon-pool", true));
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(new SleepTask(started, workMillis));
        started.await();
        Out.line("main returns");
    }
}
