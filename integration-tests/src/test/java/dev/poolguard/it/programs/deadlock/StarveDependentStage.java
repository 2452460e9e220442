package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Shape STARVATION through a dependent stage (issue 13, shape 4): the only worker of a one-thread pool
 * joins a stage that depends on an async supply queued behind it on the same pool. The awaited future is
 * not the one the queued task completes: the dependent cannot complete before its source.
 * {@code -Dshape.stage=} picks the dependent: {@code applyAsync} ({@code thenApplyAsync(fn, pool)}, the
 * default), {@code compose} ({@code thenCompose}), {@code allOf} (with a second part that is already
 * done), {@code anyOf} (of two supplies, both queued), {@code either} ({@code applyToEither} of two queued
 * supplies), {@code doneAsync} ({@code thenApplyAsync(fn, pool)} of a done source: its completion is
 * queued itself), {@code combine} ({@code thenCombine} of two queued supplies, through the second one's half).
 */
public final class StarveDependentStage {
    public static void main(String[] args) {
        String kind = System.getProperty("shape.stage", "applyAsync");
        ExecutorService pool = Executors.newFixedThreadPool(1, Shape.named("depstage"));
        Future<String> outer = pool.submit(task("outer", () -> {
            CompletableFuture<String> source = CompletableFuture.supplyAsync(() -> "source", pool);
            CompletableFuture<?> dependent;
            switch (kind) {
                case "compose":
                    dependent = source.thenCompose(s -> CompletableFuture.completedFuture(s + " composed"));
                    break;
                case "allOf":
                    dependent = CompletableFuture.allOf(CompletableFuture.completedFuture("done"), source,
                            source.thenApply(s -> s + " applied"));
                    break;
                case "anyOf":
                    dependent = CompletableFuture.anyOf(source, CompletableFuture.supplyAsync(() -> "other", pool));
                    break;
                case "either":
                    dependent = source.applyToEither(CompletableFuture.supplyAsync(() -> "other", pool), s -> s);
                    break;
                case "combine":
                    dependent = CompletableFuture.supplyAsync(() -> "other", pool).thenCombine(source, (a, b) -> a + b);
                    break;
                case "doneAsync": // the source is done: the dependent's own completion is queued
                    dependent = CompletableFuture.completedFuture("done").thenApplyAsync(s -> s + " applied", pool);
                    break;
                default:
                    dependent = source.thenApplyAsync(s -> s + " applied", pool);
            }
            Shape.ready();
            return "got " + Shape.join("outer", dependent);
        }));
        Shape.outcome("outer", outer);
        Shape.end();
    }
}
