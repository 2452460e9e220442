package dev.poolguard.it.programs.guava;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;

import dev.poolguard.it.programs.deadlock.Shape;

/**
 * Shape STARVATION behind a chain of Guava futures, each of which can complete only after the one before
 * it: the only worker of a one-thread pool submits {@code inner} to its own (decorated) pool and waits on
 * {@code SettableFuture.setFuture(catching(transformAsync(transform(inner))))}. Nobody runs any link of
 * the chain; the walk follows each link's source down to {@code inner}, queued behind the waiting task.
 */
public final class GuavaStarveChain {
    public static void main(String[] args) {
        ExecutorService pool = Executors.newFixedThreadPool(1, Shape.named("gchain"));
        ListeningExecutorService decorated = MoreExecutors.listeningDecorator(pool);
        ListenableFuture<String> outer = decorated.submit(task("outer", () -> {
            ListenableFuture<String> inner = decorated.submit(task("inner", () -> "inner"));
            ListenableFuture<String> transformed = Futures.transform(inner, s -> s + "+transform",
                    MoreExecutors.directExecutor());
            ListenableFuture<String> async = Futures.transformAsync(transformed,
                    s -> Futures.immediateFuture(s + "+async"), MoreExecutors.directExecutor());
            ListenableFuture<String> caught = Futures.catching(async, RuntimeException.class, e -> "caught",
                    MoreExecutors.directExecutor());
            SettableFuture<String> settable = SettableFuture.create();
            settable.setFuture(caught);
            Shape.ready();
            return Shape.waitFor("outer", settable);
        }));
        Shape.outcome("outer", outer);
        Shape.end();
    }
}
