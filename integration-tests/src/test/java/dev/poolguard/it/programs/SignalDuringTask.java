package dev.poolguard.it.programs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Shape: a service stopped by SIGTERM (kill, docker stop, systemd) while a pool task is mid-work. The
 * task "GatedTask[signal]" (thread "signal-pool-1", non-daemon) prints "task start", then waits for the
 * gate that an application shutdown hook ("gate-hook") opens when shutdown begins, then works for
 * WORK_MILLIS and prints "task done": so it is certainly mid-work while the JVM shuts down, whenever the
 * signal lands. Main prints "READY" once the task runs and then waits forever.
 *
 * <p>args: WORK_MILLIS
 */
public final class SignalDuringTask {
    static final class GatedTask implements Runnable {
        private final CountDownLatch started;
        private final CountDownLatch gate;
        private final long workMillis;

        GatedTask(CountDownLatch started, CountDownLatch gate, long workMillis) {
            this.started = started;
            this.gate = gate;
            this.workMillis = workMillis;
        }

        @Override
        public void run() {
            Out.line("task start");
            started.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Out.line("interrupted signal");
                return;
            }
            if (Work.doFor(workMillis, "signal")) {
                Out.line("task done");
            }
        }

        @Override
        public String toString() {
            return "GatedTask[signal]";
        }
    }

    public static void main(String[] args) throws InterruptedException {
        long workMillis = Long.parseLong(args[0]);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Out.line("hook opens gate");
            gate.countDown();
        }, "gate-hook"));
        ExecutorService pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads("signal-pool", false));
        pool.execute(new GatedTask(started, gate, workMillis));
        started.await();
        Out.line("READY");
        Work.forever();
    }
}
