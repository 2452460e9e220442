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
 * Healthy: task b waits in {@code Object.wait} (it released the monitor: no lock wait) until main notifies
 * it; task a, of another pool, waits on b meanwhile and is analysed while b is in the wait.
 */
public final class ObjectWaitTask {
    private static final Object SIGNAL = new Object();
    private static boolean signalled;

    public static void main(String[] args) throws Exception {
        ExecutorService p1 = Executors.newFixedThreadPool(1, Shape.named("twin3p1"));
        ExecutorService p2 = Executors.newFixedThreadPool(1, Shape.named("twin3p2"));
        CountDownLatch waiting = new CountDownLatch(1);
        Future<String> b = p2.submit(task("b", () -> {
            synchronized (SIGNAL) {
                waiting.countDown();
                while (!signalled) {
                    SIGNAL.wait();
                }
            }
            return "b";
        }));
        Shape.await(waiting);
        Shape.Started aStarted = new Shape.Started();
        Future<String> a = p1.submit(task("a", () -> {
            aStarted.mark();
            return "a>" + b.get();
        }));
        Shape.awaitParked(aStarted.thread()); // analysed while b is in Object.wait
        synchronized (SIGNAL) {
            signalled = true;
            SIGNAL.notifyAll();
        }
        Out.line("VALUE " + a.get(20, TimeUnit.SECONDS));
        p1.shutdown();
        p2.shutdown();
        Out.line("DONE");
    }
}
