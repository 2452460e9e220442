package dev.poolguard.it.reliability;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A plain application (no libraries) that gives the agent something to report: a deadlock (the only
 * worker of a pool submits to it and waits; "DEADLOCK CAUGHT ..." with deadlock=fail), then ends
 * normally ("DONE").
 */
public final class PlainDeadlockApp {
    public static void main(String[] args) throws Exception {
        ExecutorService one = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Say.threads("plain-one", false));
        Future<String> outer = one.submit(() -> one.submit(() -> "never").get());
        try {
            outer.get(30, TimeUnit.SECONDS);
            Say.line("DEADLOCK NOT DETECTED");
        } catch (ExecutionException e) {
            Say.line("DEADLOCK CAUGHT " + e.getCause().getClass().getName());
        }
        one.shutdownNow();
        Say.line("DONE");
    }
}
