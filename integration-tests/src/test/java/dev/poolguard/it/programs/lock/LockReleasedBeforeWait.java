package dev.poolguard.it.programs.lock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import dev.poolguard.it.programs.Out;
import dev.poolguard.it.programs.deadlock.Shape;

/**
 * Healthy twin of {@link LockFutureCycle}: task a holds the lock while task b (another pool) blocks on it,
 * then lets it go and only then waits on b. b gets the lock and holds it, on a latch, until a's wait has
 * been analysed: the lock's owner then is b itself, running, and a waits on a task that progresses.
 */
public final class LockReleasedBeforeWait {
    public static void main(String[] args) throws Exception {
        ExecutorService p1 = Executors.newFixedThreadPool(1, Shape.named("twin1p1"));
        ExecutorService p2 = Executors.newFixedThreadPool(1, Shape.named("twin1p2"));
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch proceed = new CountDownLatch(1);
        Shape.Started aStarted = new Shape.Started();
        Future<String> a = p1.submit(task("a", () -> {
            aStarted.mark();
            Shape.Started bStarted = new Shape.Started();
            lock.lock();
            Future<String> b;
            try {
                b = p2.submit(task("b", () -> {
                    bStarted.mark();
                    lock.lock(); // blocks until a lets go
                    try {
                        Shape.await(proceed);
                        return "b";
                    } finally {
                        lock.unlock();
                    }
                }));
                Thread bThread = bStarted.thread();
                while (!lock.hasQueuedThread(bThread)) {
                    Thread.sleep(1); // until b is blocked on the lock a holds
                }
            } finally {
                lock.unlock();
            }
            return b.get();
        }));
        Shape.awaitParked(aStarted.thread()); // a waits on b, and was analysed
        proceed.countDown();
        Out.line("VALUE " + a.get(20, TimeUnit.SECONDS));
        p1.shutdown();
        p2.shutdown();
        Out.line("DONE");
    }
}
