package dev.poolguard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The shutdown probe: a pool runs some tasks, all of them finish, and {@code System.exit(0)} is called
 * with the pool still open (idle workers, nothing in flight, nothing queued), which is what most programs
 * do. Prints {@code exit-at <System.nanoTime()>} just before exiting; the parent (same machine, same
 * monotonic clock) takes the time when the process is gone: the difference is the shutdown's duration.
 * With {@code shutdown=drain} the agent shuts the pool and waits for in-flight work: there is none, so
 * this must cost nothing measurable.
 */
public final class ShutdownAfterWork {
    private ShutdownAfterWork() {
    }

    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            results.add(pool.submit(() -> n * 2));
        }
        long sum = 0;
        for (Future<Integer> result : results) {
            sum += result.get();
        }
        if (sum != 39800) {
            throw new AssertionError(sum);
        }
        System.out.println("exit-at " + System.nanoTime());
        System.out.flush();
        System.exit(0);
    }
}
