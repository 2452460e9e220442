package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Shape STARVATION through {@code invokeAny} (issue 13, shape 3): the only worker of a one-thread pool
 * calls {@code invokeAny} on its own pool; {@code AbstractExecutorService.doInvokeAny} submits every task
 * through an {@code ExecutorCompletionService} and waits in its {@code take()}, with no worker to run them.
 */
public final class StarveInvokeAny {
    public static void main(String[] args) {
        ExecutorService pool = Executors.newFixedThreadPool(1, Shape.named("anyof"));
        Future<String> outer = pool.submit(task("outer", () -> {
            List<Callable<String>> choices = List.of(task("choice-1", () -> "choice-1 done"),
                    task("choice-2", () -> "choice-2 done"));
            Shape.ready();
            try {
                return pool.invokeAny(choices);
            } catch (Exception e) {
                Shape.threw("outer", e);
                throw e;
            }
        }));
        Shape.outcome("outer", outer);
        Shape.end();
    }
}
