package dev.poolguard.it.programs.healthy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.poolguard.it.programs.Out;
import dev.poolguard.it.programs.Work;

/**
 * Healthy timed waits: main waits with {@code get(100 ms)} on a task queued behind a slow one in a busy
 * one-thread pool; each wait times out and main retries until the task is done.
 */
public final class TimedRetry {
    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "busy"));
        pool.submit(() -> Work.doFor(400, "slow"));
        Future<String> target = pool.submit(() -> {
            Work.doFor(100, "target");
            return "target done";
        });
        int timeouts = 0;
        String value = null;
        while (value == null) {
            try {
                value = target.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                timeouts++;
            }
        }
        Out.line("VALUE " + value + " after " + timeouts + " timeouts");
        pool.shutdown();
        Out.line("DONE");
    }
}
