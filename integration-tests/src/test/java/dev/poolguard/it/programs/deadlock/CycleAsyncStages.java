package dev.poolguard.it.programs.deadlock;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shape CYCLE through CompletableFuture: two {@code supplyAsync} stages on a pool of two, each joining the
 * other's future. Both are running before either joins; stage a joins first (a risk: b is running on the other worker of its pool); once a is
 * parked, b's join closes the ring.
 */
public final class CycleAsyncStages {
    public static void main(String[] args) {
        ExecutorService pool = Executors.newFixedThreadPool(2, Shape.named("cfcycle"));
        AtomicReference<CompletableFuture<String>> futureOfA = new AtomicReference<>();
        AtomicReference<CompletableFuture<String>> futureOfB = new AtomicReference<>();
        CountDownLatch published = new CountDownLatch(1);
        CountDownLatch bothRunning = new CountDownLatch(2);
        Shape.Started aStarted = new Shape.Started();
        CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> {
            aStarted.mark();
            bothRunning.countDown();
            Shape.await(bothRunning);
            Shape.await(published);
            return Shape.join("a", futureOfB.get());
        }, pool);
        CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> {
            bothRunning.countDown();
            Shape.await(bothRunning);
            Shape.await(published);
            Shape.awaitParked(aStarted.thread());
            Shape.ready();
            return Shape.join("b", futureOfA.get());
        }, pool);
        futureOfA.set(a);
        futureOfB.set(b);
        published.countDown();
        Shape.outcome("b", b);
        Shape.outcome("a", a);
        Shape.end();
    }
}
