package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.poolguard.it.programs.Out;

/**
 * Shape STARVATION with a timed closing wait: the only worker of a one-thread pool submits to its pool
 * and waits with {@code get(1, SECONDS)}. The deadlock ends by itself: the wait times out, the task
 * returns, and the queued task runs after it.
 */
public final class TimedStarvation {
    public static void main(String[] args) {
        ExecutorService pool = Executors.newSingleThreadExecutor(Shape.named("timed"));
        Future<String> outer = pool.submit(task("outer", () -> {
            Future<String> inner = pool.submit(task("inner", () -> {
                Out.line("INNER RAN");
                return "inner done";
            }));
            Shape.ready();
            try {
                return inner.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                Out.line("TIMED OUT " + e.getClass().getName());
                return "gave up";
            } catch (RuntimeException e) {
                Shape.threw("outer", e);
                throw e;
            }
        }));
        Shape.outcome("outer", outer);
        pool.shutdown();
        try {
            Out.line("TERMINATED " + pool.awaitTermination(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Shape.end();
    }
}
