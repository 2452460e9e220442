package dev.poolguard.it.programs.attach;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * For measuring the pause {@code attach} causes (README, "A service is hung right now"): 1,000 pool
 * workers, each waiting on a task it submitted to its own pool, 100,000 tasks queued behind them (the
 * worst case: every thread waits on a future, and the one stuck pool's whole queue is copied), and a
 * ticker thread that parks for 0.2 ms at a time and keeps the longest gap between its wake-ups.
 * Prints READY; each time the file args[0] is touched anew (its modification time changes) it prints the
 * longest gap since the previous mark and starts over. Not a test: run by hand, numbers in the README.
 */
public final class PausePatient {
    public static void main(String[] args) throws Exception {
        Path mark = Path.of(args[0]);
        int workers = 1000;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>());
        CountDownLatch allRunning = new CountDownLatch(workers);
        CountDownLatch allWaiting = new CountDownLatch(workers);
        for (int i = 0; i < workers; i++) {
            pool.submit(() -> {
                allRunning.countDown();
                allRunning.await(); // every worker busy before any inner task is queued
                Future<?> inner = pool.submit(() -> { });
                allWaiting.countDown();
                return inner.get();
            });
        }
        allWaiting.await();
        for (int i = 0; i < 99_000; i++) {
            pool.execute(() -> { });
        }
        System.out.println("READY queued=" + pool.getQueue().size() + " threads=" + Thread.activeCount());
        long last = System.nanoTime();
        long longest = 0;
        long seen = -1;
        for (int i = 0; ; i++) {
            LockSupport.parkNanos(200_000);
            long now = System.nanoTime();
            longest = Math.max(longest, now - last);
            last = now;
            if (i % 500 == 0 && Files.exists(mark)) {
                long modified = Files.getLastModifiedTime(mark).toMillis();
                if (modified != seen) {
                    seen = modified;
                    System.out.printf("longest gap since the last mark: %.1f ms%n", longest / 1e6);
                    longest = 0;
                    last = System.nanoTime();
                }
            }
        }
    }
}
