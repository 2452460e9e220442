package dev.poolguard.it.programs.guava;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.MoreExecutors;

import dev.poolguard.it.programs.deadlock.Shape;

/**
 * Shape STARVATION through Guava (issue 13, shape 1): a one-thread pool wrapped in
 * {@code MoreExecutors.listeningDecorator}; its only worker submits to the decorator and {@code get}s. The
 * inner task, a {@code TrustedListenableFutureTask}, stays queued behind the waiting one; the wait is
 * Guava's own ({@code AbstractFuture.get}, or {@code AbstractFutureState.blockingGet} from Guava 33.4.6).
 */
public final class GuavaStarveDecorator {
    public static void main(String[] args) {
        ExecutorService pool = Executors.newFixedThreadPool(1, Shape.named("gdecor"));
        ListeningExecutorService decorated = MoreExecutors.listeningDecorator(pool);
        ListenableFuture<String> outer = decorated.submit(task("outer", () -> {
            ListenableFuture<String> inner = decorated.submit(task("inner", () -> "inner done"));
            Shape.ready();
            return Shape.waitFor("outer", inner);
        }));
        Shape.outcome("outer", outer);
        Shape.end();
    }
}
