package dev.poolguard.it.programs.healthy;

import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.poolguard.it.programs.Out;

/**
 * No deadlock (but a same-pool wait, so a risk): a pool that grows (core 1, max 4, SynchronousQueue).
 * A task submits to its own pool and waits, three levels deep: each submission starts a new worker
 * instead of queueing, so every wait completes. Prints {@code VALUE ...}, {@code LARGEST n}, {@code DONE}.
 */
public final class GrowingPool {
    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 4, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> new Thread(r, "grow"));
        Future<String> outer = pool.submit(() -> level(pool, 3));
        Out.line("VALUE " + outer.get(20, TimeUnit.SECONDS));
        Out.line("LARGEST " + pool.getLargestPoolSize());
        pool.shutdown();
        Out.line("DONE");
    }

    private static String level(ThreadPoolExecutor pool, int depth) throws Exception {
        if (depth == 0) {
            Thread.sleep(100);
            return "leaf";
        }
        Future<String> below = pool.submit(() -> level(pool, depth - 1));
        return depth + ">" + below.get();
    }
}
