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
 * Healthy twin of the SPR-11418 shape: the same pool sizes (core 5, max 10) with a {@code SynchronousQueue}.
 * Main submits five outer tasks and waits on them; once all five run, each submits an inner task to the same
 * pool and waits on it. The queue hands each inner task to a new worker, so the pool grows to ten and every
 * wait completes. Prints {@code VALUE ...}, {@code LARGEST n}, {@code DONE}.
 */
public final class SprHandOff {
    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(5, 10, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> new Thread(r, "handoff"));
        CountDownLatch allRunning = new CountDownLatch(5);
        List<Future<String>> outers = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            int n = i;
            outers.add(pool.submit(() -> {
                allRunning.countDown();
                if (!allRunning.await(20, TimeUnit.SECONDS)) {
                    return "LATCH TIMED OUT";
                }
                Future<String> inner = pool.submit(() -> "inner-" + n);
                return inner.get();
            }));
        }
        StringBuilder values = new StringBuilder();
        for (Future<String> outer : outers) {
            values.append(values.length() == 0 ? "" : ",").append(outer.get(20, TimeUnit.SECONDS));
        }
        Out.line("VALUE " + values);
        Out.line("LARGEST " + pool.getLargestPoolSize());
        pool.shutdown();
        Out.line("DONE");
    }
}
