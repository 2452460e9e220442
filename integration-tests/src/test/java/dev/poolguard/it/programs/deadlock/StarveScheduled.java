package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Shape STARVATION in a ScheduledThreadPoolExecutor of one thread: a scheduled task schedules another
 * with zero delay and waits on it; the second is due at once but the only worker is the one waiting.
 */
public final class StarveScheduled {
    public static void main(String[] args) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, Shape.named("sched"));
        ScheduledFuture<String> outer = pool.schedule(task("outer", () -> {
            ScheduledFuture<String> inner = pool.schedule(task("inner", () -> "inner done"), 0, TimeUnit.MILLISECONDS);
            Shape.ready();
            return Shape.waitFor("outer", inner);
        }), 10, TimeUnit.MILLISECONDS);
        Shape.outcome("outer", outer);
        Shape.end();
    }
}
