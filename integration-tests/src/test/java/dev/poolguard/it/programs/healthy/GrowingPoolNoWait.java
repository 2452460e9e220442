package dev.poolguard.it.programs.healthy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.poolguard.it.programs.Out;

/**
 * Strictly healthy growth: a pool (core 1, max 4, SynchronousQueue) grows to four workers because four
 * tasks run at once (they meet at a latch); no task waits on a future, main waits on them all.
 */
public final class GrowingPoolNoWait {
    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 4, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> new Thread(r, "grow-nowait"));
        CountDownLatch allRunning = new CountDownLatch(4);
        List<Future<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            tasks.add(pool.submit(() -> {
                allRunning.countDown();
                allRunning.await(20, TimeUnit.SECONDS);
                return n;
            }));
        }
        int sum = 0;
        for (Future<Integer> f : tasks) {
            sum += f.get(20, TimeUnit.SECONDS);
        }
        Out.line("SUM " + sum + " LARGEST " + pool.getLargestPoolSize());
        pool.shutdown();
        Out.line("DONE");
    }
}
