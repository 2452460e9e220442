package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Shape STARVATION of Spring's {@code @Async} (SPR-11418): a pool with core 5, max 10 and an
 * {@code ArrayBlockingQueue(25)}. Main submits five outer tasks and waits on them (untimed {@code get});
 * each outer task submits one inner task to the same pool and waits on it. Five inner tasks never fill the
 * queue, so the pool never grows past its core, and nobody else will submit: main, the only other
 * submitter, waits on the outer tasks. Outer tasks 1-4 wait first; outer 5 submits and waits once they and
 * main are parked, and its wait closes the shape. A watchdog ends the JVM when it hangs (main is blocked).
 */
public final class StarveBoundedQueue {
    public static void main(String[] args) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(5, 10, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(25),
                Shape.named("spr"));
        Thread main = Thread.currentThread();
        CountDownLatch allRunning = new CountDownLatch(5);
        List<Shape.Started> started = new ArrayList<>();
        List<Future<String>> outers = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            int n = i;
            Shape.Started me = new Shape.Started();
            started.add(me);
            outers.add(pool.submit(task("outer-" + n, () -> {
                me.mark();
                allRunning.countDown();
                Shape.await(allRunning);
                if (n == 5) {
                    for (int k = 0; k < 4; k++) {
                        Shape.awaitParked(started.get(k).thread());
                    }
                    Shape.awaitParked(main);
                    Shape.ready();
                }
                Future<String> inner = pool.submit(task("inner-" + n, () -> "inner-" + n + " done"));
                return Shape.waitFor("outer-" + n, inner);
            })));
        }
        Shape.watchdog(Shape.OUTER_MILLIS);
        Shape.outcomeUntimed("outer-5", outers.get(4)); // blocks for good in log mode: the watchdog ends the JVM
        for (int i = 0; i < 4; i++) {
            Shape.outcomeUntimed("outer-" + (i + 1), outers.get(i));
        }
        Shape.end();
    }
}
