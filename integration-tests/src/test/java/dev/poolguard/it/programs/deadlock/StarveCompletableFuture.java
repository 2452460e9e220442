package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Shape STARVATION through CompletableFuture: the only worker of pool1 runs
 * {@code CompletableFuture.supplyAsync(..., pool1).join()}; the async stage stays queued in pool1.
 */
public final class StarveCompletableFuture {
    public static void main(String[] args) {
        ExecutorService pool1 = Executors.newFixedThreadPool(1, Shape.named("cfpool"));
        Future<String> outer = pool1.submit(task("outer", () -> {
            CompletableFuture<String> stage = CompletableFuture.supplyAsync(() -> "stage done", pool1);
            Shape.ready();
            return Shape.join("outer", stage);
        }));
        Shape.outcome("outer", outer);
        Shape.end();
    }
}
