package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Shape STARVATION through a completion service (issue 13, shape 2): the only worker of a one-thread pool
 * fans out two tasks through an {@code ExecutorCompletionService} on the same pool and calls
 * {@code take()}; both tasks stay queued behind it. With {@code -Dshape.timed=true} it calls
 * {@code poll(1, MINUTES)} instead: a timed wait, reported as timed and never thrown.
 */
public final class StarveCompletionTake {
    public static void main(String[] args) {
        boolean timed = Boolean.getBoolean("shape.timed");
        ExecutorService pool = Executors.newFixedThreadPool(1, Shape.named("ecs"));
        Future<String> outer = pool.submit(task("outer", () -> {
            CompletionService<String> service = new ExecutorCompletionService<>(pool);
            service.submit(task("part-1", () -> "part-1 done"));
            service.submit(task("part-2", () -> "part-2 done"));
            Shape.ready();
            try {
                Future<String> first = timed ? service.poll(1, java.util.concurrent.TimeUnit.MINUTES) : service.take();
                return "got " + (first == null ? "nothing" : first.get());
            } catch (Exception e) {
                Shape.threw("outer", e);
                throw e;
            }
        }));
        Shape.outcome("outer", outer);
        Shape.end();
    }
}
