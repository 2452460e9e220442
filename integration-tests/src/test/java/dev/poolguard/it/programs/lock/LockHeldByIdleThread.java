package dev.poolguard.it.programs.lock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.poolguard.it.programs.Out;
import dev.poolguard.it.programs.deadlock.Shape;

/**
 * Healthy twin of {@link LockFutureCycle}: task a waits on task b, which is blocked on a lock held by a
 * plain thread that is not blocked (it waits on a latch, a park but no lock and no future) and lets the
 * lock go once main counts the latch down, after a's wait was analysed. Argument: the lock, as there.
 */
public final class LockHeldByIdleThread {
    public static void main(String[] args) throws Exception {
        Guard guard = Guard.of(args);
        ExecutorService p1 = Executors.newFixedThreadPool(1, Shape.named("twin2p1"));
        ExecutorService p2 = Executors.newFixedThreadPool(1, Shape.named("twin2p2"));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try {
                guard.holding(() -> {
                    held.countDown();
                    Shape.await(release); // idle while holding the lock: progress, in time
                    return null;
                });
            } catch (Exception e) {
                Out.line("HOLDER FAILED " + e);
            }
        }, "holder");
        holder.start();
        Shape.await(held);
        Shape.Started bStarted = new Shape.Started();
        Future<String> b = p2.submit(task("b", () -> {
            bStarted.mark();
            return guard.holding(() -> "b");
        }));
        guard.awaitBlocked(bStarted.thread());
        Shape.Started aStarted = new Shape.Started();
        Future<String> a = p1.submit(task("a", () -> {
            aStarted.mark();
            return "a>" + b.get();
        }));
        Shape.awaitParked(aStarted.thread()); // a waits on b, blocked on the holder's lock, and was analysed
        release.countDown();
        Out.line("VALUE " + a.get(20, TimeUnit.SECONDS));
        holder.join();
        p1.shutdown();
        p2.shutdown();
        Out.line("DONE");
    }
}
