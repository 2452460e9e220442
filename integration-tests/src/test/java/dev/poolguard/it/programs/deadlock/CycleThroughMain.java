package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shape CYCLE through main: main runs a FutureTask itself ({@code ft.run()}); its callable submits a pool
 * task that waits on that FutureTask, and once the pool task is parked, waits on the pool task. Main's
 * wait closes the ring (main, the pool worker). A watchdog ends the JVM when main hangs.
 */
public final class CycleThroughMain {
    public static void main(String[] args) {
        ExecutorService pool = Executors.newFixedThreadPool(1, Shape.named("viamain"));
        AtomicReference<FutureTask<String>> self = new AtomicReference<>();
        Shape.Started poolSideStarted = new Shape.Started();
        FutureTask<String> ft = new FutureTask<>(task("main-side", () -> {
            Future<String> poolSide = pool.submit(task("pool-side", () -> {
                poolSideStarted.mark();
                return Shape.waitFor("pool-side", self.get());
            }));
            Shape.awaitParked(poolSideStarted.thread());
            Shape.ready();
            return Shape.waitFor("main-side", poolSide);
        }));
        self.set(ft);
        Shape.watchdog(Shape.OUTER_MILLIS);
        ft.run(); // returns only when the callable ended: with deadlock=fail, by the exception
        Shape.outcome("main-side", ft);
        Shape.end();
    }
}
