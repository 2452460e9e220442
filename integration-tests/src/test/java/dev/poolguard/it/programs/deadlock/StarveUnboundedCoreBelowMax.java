package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Shape STARVATION with an unbounded queue and core < max (issue 13, shape 8): a pool with core 1, max 4 and
 * a {@code LinkedBlockingQueue()}. Its only worker submits a task to its own pool and waits on it; the
 * queue takes every task, so the pool never grows past its one core worker, whatever its maximum.
 */
public final class StarveUnboundedCoreBelowMax {
    public static void main(String[] args) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Shape.named("unbounded"));
        Future<String> outer = pool.submit(task("outer", () -> {
            Future<String> inner = pool.submit(task("inner", () -> "inner done"));
            Shape.ready();
            return Shape.waitFor("outer", inner);
        }));
        Shape.outcome("outer", outer);
        Shape.end();
    }
}
