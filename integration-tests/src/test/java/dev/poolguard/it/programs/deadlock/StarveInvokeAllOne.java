package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Shape STARVATION through {@code invokeAll} on a one-thread pool (issue 13, shape 3): its only worker
 * calls {@code invokeAll} on its own pool, which waits with {@code FutureTask.get} on the first subtask.
 */
public final class StarveInvokeAllOne {
    public static void main(String[] args) {
        ExecutorService pool = Executors.newFixedThreadPool(1, Shape.named("allone"));
        Future<String> outer = pool.submit(task("outer", () -> {
            List<Callable<String>> parts = List.of(task("part-1", () -> "part-1 done"),
                    task("part-2", () -> "part-2 done"));
            Shape.ready();
            try {
                return "got " + pool.invokeAll(parts).size();
            } catch (Exception e) {
                Shape.threw("outer", e);
                throw e;
            }
        }));
        Shape.outcome("outer", outer);
        Shape.end();
    }
}
