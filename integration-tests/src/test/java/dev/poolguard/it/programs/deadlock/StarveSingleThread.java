package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Shape STARVATION, submit-and-wait: the only worker of {@code newSingleThreadExecutor} submits a task
 * to its own pool and waits on it; the task stays queued behind the waiting one.
 */
public final class StarveSingleThread {
    public static void main(String[] args) {
        ExecutorService pool = Executors.newSingleThreadExecutor(Shape.named("single"));
        Future<String> outer = pool.submit(task("outer", () -> {
            Future<String> inner = pool.submit(task("inner", () -> "inner done"));
            Shape.ready();
            return Shape.waitFor("outer", inner);
        }));
        Shape.outcome("outer", outer);
        Shape.end();
    }
}
