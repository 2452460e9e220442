package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Shape STARVATION in a ForkJoinPool (issue 13, shape 5): the only worker of {@code new ForkJoinPool(1)}
 * hands a plain {@code FutureTask} to its own pool and waits on it. {@code FutureTask.get} is a plain
 * park: the pool neither helps (it is no ForkJoinTask) nor compensates (no managed block), so the task
 * stays queued behind the waiting worker. With {@code -Dshape.submit=true} it is handed over with
 * {@code submit(Runnable)} instead of {@code execute}: the same.
 */
public final class StarveForkJoinFutureTask {
    public static void main(String[] args) {
        ForkJoinPool pool = new ForkJoinPool(1);
        boolean submit = Boolean.getBoolean("shape.submit");
        Future<String> outer = pool.submit(task("outer", () -> {
            FutureTask<String> inner = new FutureTask<>(task("inner", () -> "inner done"));
            if (submit) {
                pool.submit(inner);
            } else {
                pool.execute(inner);
            }
            Shape.ready();
            return Shape.waitFor("outer", inner);
        }));
        Shape.outcome("outer", outer);
        Shape.end();
    }
}
