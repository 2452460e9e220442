package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shape CYCLE, a ring of three across two pools: a and b run in P1 (two workers), c in P2 (one worker);
 * a waits on b, b waits on c, c waits on a. All three are running before any waits; they start waiting
 * in that order, each once the previous one is parked, so c's wait closes the ring.
 */
public final class CycleRingOfThree {
    public static void main(String[] args) {
        ExecutorService p1 = Executors.newFixedThreadPool(2, Shape.named("ring-p1"));
        ExecutorService p2 = Executors.newFixedThreadPool(1, Shape.named("ring-p2"));
        AtomicReference<Future<String>> futureOfA = new AtomicReference<>();
        AtomicReference<Future<String>> futureOfB = new AtomicReference<>();
        AtomicReference<Future<String>> futureOfC = new AtomicReference<>();
        CountDownLatch published = new CountDownLatch(1);
        CountDownLatch allRunning = new CountDownLatch(3);
        Shape.Started aStarted = new Shape.Started();
        Shape.Started bStarted = new Shape.Started();
        Future<String> a = p1.submit(task("a", () -> {
            aStarted.mark();
            allRunning.countDown();
            Shape.await(allRunning);
            Shape.await(published);
            return Shape.waitFor("a", futureOfB.get());
        }));
        Future<String> b = p1.submit(task("b", () -> {
            bStarted.mark();
            allRunning.countDown();
            Shape.await(allRunning);
            Shape.await(published);
            Shape.awaitParked(aStarted.thread());
            return Shape.waitFor("b", futureOfC.get());
        }));
        Future<String> c = p2.submit(task("c", () -> {
            allRunning.countDown();
            Shape.await(allRunning);
            Shape.await(published);
            Shape.awaitParked(bStarted.thread());
            Shape.ready();
            return Shape.waitFor("c", futureOfA.get());
        }));
        futureOfA.set(a);
        futureOfB.set(b);
        futureOfC.set(c);
        published.countDown();
        Shape.outcome("c", c);
        Shape.outcome("a", a);
        Shape.end();
    }
}
