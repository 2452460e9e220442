package dev.poolguard.it.programs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Shape: a pool task that itself calls System.exit(7) (a worker that decides the process is done). That
 * task can never finish: its thread runs the shutdown, so a drain that waits for it waits for itself.
 * Main (non-pool) waits forever. The task is "ExitTask[seven]" on the thread "exit-task-pool-1".
 */
public final class TaskCallsExit {
    public static void main(String[] args) {
        ExecutorService pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads("exit-task-pool", false));
        pool.execute(new Runnable() {
            @Override
            public void run() {
                Out.line("task calls exit 7");
                System.exit(7);
            }

            @Override
            public String toString() {
                return "ExitTask[seven]";
            }
        });
        Work.forever();
    }
}
