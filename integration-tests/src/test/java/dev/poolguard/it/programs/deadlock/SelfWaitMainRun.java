package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shape SELF_WAIT outside any pool: main runs a FutureTask itself ({@code ft.run()}) whose callable calls
 * {@code ft.get()}. Main is in the shape, so a watchdog ends the JVM when the wait hangs.
 */
public final class SelfWaitMainRun {
    public static void main(String[] args) {
        AtomicReference<FutureTask<String>> self = new AtomicReference<>();
        FutureTask<String> ft = new FutureTask<>(task("main-run", () -> {
            Shape.ready();
            return Shape.waitFor("main-run", self.get());
        }));
        self.set(ft);
        Shape.watchdog(Shape.OUTER_MILLIS);
        ft.run(); // returns only when the callable ended: with deadlock=fail, by the exception
        Shape.outcome("main-run", ft);
        Shape.end();
    }
}
