package dev.poolguard.it.programs.guava;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;

import dev.poolguard.it.programs.Out;
import dev.poolguard.it.programs.deadlock.Shape;

/**
 * The healthy twins of the Guava deadlocks: each looks like one, none is. Every wait that blocks stays
 * parked until poolguard has analysed it ({@link Shape#awaitParked}), so the analysis, not luck, finds
 * each healthy. Prints {@code TWIN name VALUE v} for each, then {@code DONE}.
 * <ul>
 * <li>settable: the only worker of a saturated one-thread pool (a task queued behind it) waits on a
 *     {@code SettableFuture} that a thread outside the pool completes;</li>
 * <li>free-worker: a worker waits on a task it submitted to a {@code listeningDecorator} of another pool,
 *     whose worker is free and runs it;</li>
 * <li>done-transform: a {@code Futures.transform} of an already-done future, from a saturated pool;</li>
 * <li>cancelled: a task queued in the waiter's own saturated pool, cancelled, then waited on.</li>
 * </ul>
 */
public final class GuavaHealthy {
    public static void main(String[] args) throws Exception {
        ListeningExecutorService single = MoreExecutors.listeningDecorator(
                Executors.newFixedThreadPool(1, Shape.named("gh-single")));
        ListeningExecutorService other = MoreExecutors.listeningDecorator(
                Executors.newFixedThreadPool(1, Shape.named("gh-other")));

        SettableFuture<String> settable = SettableFuture.create();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread[] waiter = new Thread[1];
        ListenableFuture<String> settableTwin = single.submit(() -> {
            waiter[0] = Thread.currentThread();
            waiting.countDown();
            return settable.get();
        });
        ListenableFuture<String> behind = single.submit(() -> "behind"); // saturated: queued behind the wait
        Thread completer = new Thread(() -> {
            Shape.await(waiting);
            Shape.awaitParked(waiter[0]);
            settable.set("set from outside");
        }, "gh-completer");
        completer.start();
        Out.line("TWIN settable VALUE " + settableTwin.get(20, TimeUnit.SECONDS) + " " + behind.get(20, TimeUnit.SECONDS));

        ListenableFuture<String> freeTwin = single.submit(() -> {
            Thread me = Thread.currentThread();
            ListenableFuture<String> elsewhere = other.submit(() -> {
                Shape.awaitParked(me);
                return "ran on a free worker";
            });
            return elsewhere.get();
        });
        Out.line("TWIN free-worker VALUE " + freeTwin.get(20, TimeUnit.SECONDS));

        ListenableFuture<String> doneTwin = single.submit(() -> {
            ListenableFuture<String> queued = single.submit(() -> "queued");
            String value = Futures.transform(Futures.immediateFuture("done"), s -> s + "+transformed",
                    MoreExecutors.directExecutor()).get();
            return value + " " + queued.isDone();
        });
        Out.line("TWIN done-transform VALUE " + doneTwin.get(20, TimeUnit.SECONDS));

        ListenableFuture<String> cancelledTwin = single.submit(() -> {
            ListenableFuture<String> queued = single.submit(() -> "never");
            queued.cancel(false);
            try {
                return "not cancelled: " + queued.get();
            } catch (CancellationException expected) {
                return "cancelled";
            }
        });
        Out.line("TWIN cancelled VALUE " + cancelledTwin.get(20, TimeUnit.SECONDS));

        completer.join();
        single.shutdown();
        other.shutdown();
        single.awaitTermination(20, TimeUnit.SECONDS);
        other.awaitTermination(20, TimeUnit.SECONDS);
        Out.line("DONE");
    }
}
