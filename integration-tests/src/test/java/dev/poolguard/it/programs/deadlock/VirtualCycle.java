package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shape CYCLE on virtual threads (JDK 21+): two tasks of {@code Executors.newVirtualThreadPerTaskExecutor()}
 * wait on each other's futures; a waits first, b's wait (once a is parked) closes the ring.
 */
public final class VirtualCycle {
    public static void main(String[] args) throws Exception {
        ExecutorService executor = Virtual.executor();
        AtomicReference<Future<String>> futureOfA = new AtomicReference<>();
        AtomicReference<Future<String>> futureOfB = new AtomicReference<>();
        CountDownLatch published = new CountDownLatch(1);
        Shape.Started aStarted = new Shape.Started();
        Future<String> a = executor.submit(task("va", () -> {
            Thread.currentThread().setName("vt-a");
            aStarted.mark();
            Shape.await(published);
            return Shape.waitFor("va", futureOfB.get());
        }));
        Future<String> b = executor.submit(task("vb", () -> {
            Thread.currentThread().setName("vt-b");
            Shape.await(published);
            Shape.awaitParked(aStarted.thread());
            Shape.ready();
            return Shape.waitFor("vb", futureOfA.get());
        }));
        futureOfA.set(a);
        futureOfB.set(b);
        published.countDown();
        Shape.outcome("vb", b);
        Shape.outcome("va", a);
        Shape.end();
    }
}
