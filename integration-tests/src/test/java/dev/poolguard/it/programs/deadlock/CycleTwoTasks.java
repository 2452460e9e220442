package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shape CYCLE: two running tasks in a pool of two wait on each other's futures. Both are running
 * before either waits. Task a waits first (on b, which is running and not waiting: a risk, not a
 * deadlock); once a is parked, b's wait on a closes the ring.
 */
public final class CycleTwoTasks {
    public static void main(String[] args) {
        ExecutorService pool = Executors.newFixedThreadPool(2, Shape.named("cycle2"));
        AtomicReference<Future<String>> futureOfA = new AtomicReference<>();
        AtomicReference<Future<String>> futureOfB = new AtomicReference<>();
        CountDownLatch published = new CountDownLatch(1);
        CountDownLatch bothRunning = new CountDownLatch(2);
        Shape.Started aStarted = new Shape.Started();
        Future<String> a = pool.submit(task("a", () -> {
            aStarted.mark();
            bothRunning.countDown();
            Shape.await(bothRunning);
            Shape.await(published);
            return Shape.waitFor("a", futureOfB.get());
        }));
        Future<String> b = pool.submit(task("b", () -> {
            bothRunning.countDown();
            Shape.await(bothRunning);
            Shape.await(published);
            Shape.awaitParked(aStarted.thread());
            Shape.ready();
            return Shape.waitFor("b", futureOfA.get());
        }));
        futureOfA.set(a);
        futureOfB.set(b);
        published.countDown();
        Shape.outcome("b", b);
        Shape.outcome("a", a);
        Shape.end();
    }
}
