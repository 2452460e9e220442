package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Shape STARVATION in the common pool (run with {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=1}):
 * a common-pool worker hands a plain {@code FutureTask} to the common pool and waits on it. Nobody helps
 * with a plain park, and no worker is added for it: the task stays queued.
 */
public final class StarveCommonPoolFutureTask {
    public static void main(String[] args) {
        ForkJoinPool common = ForkJoinPool.commonPool();
        Future<String> outer = common.submit(task("outer", () -> {
            FutureTask<String> inner = new FutureTask<>(task("inner", () -> "inner done"));
            common.execute(inner);
            Shape.ready();
            return Shape.waitFor("outer", inner);
        }));
        Shape.outcome("outer", outer);
        Shape.end();
    }
}
