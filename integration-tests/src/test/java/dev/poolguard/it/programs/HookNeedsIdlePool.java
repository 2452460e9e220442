package dev.poolguard.it.programs;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Shape: a shutdown hook that needs a pool whose workers have all timed out (allowCoreThreadTimeOut, a
 * short keep-alive), e.g. a hook that flushes buffered data through an async executor: the hook's
 * submission has to start a NEW worker after shutdown began. The pool ("idle-pool-N" threads, unbounded
 * LinkedBlockingQueue) runs one warm-up task; main joins its worker once it timed out and prints
 * "pool idle 0", registers the hook thread "app-hook", and calls System.exit(0). The hook submits
 * "HookTask[flush]" and waits GET_TIMEOUT_MILLIS for it: it prints "hook got hook-result",
 * "hook timed out" or "hook rejected".
 *
 * <p>args: GET_TIMEOUT_MILLIS
 */
public final class HookNeedsIdlePool {
    static final class HookTask implements Callable<String> {
        @Override
        public String call() {
            Out.line("hook task ran");
            return "hook-result";
        }

        @Override
        public String toString() {
            return "HookTask[flush]";
        }
    }

    public static void main(String[] args) throws Exception {
        long getTimeout = Long.parseLong(args[0]);
        NamedThreads threads = new NamedThreads("idle-pool", false);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 20, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), threads);
        pool.allowCoreThreadTimeOut(true);
        pool.submit(() -> Out.line("warm-up ran")).get();
        for (Thread worker : threads.made()) {
            worker.join(); // it ends once its keep-alive expires
        }
        Out.line("pool idle " + pool.getPoolSize());

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Out.line("hook start");
            try {
                Future<String> result = pool.submit(new HookTask());
                Out.line("hook got " + result.get(getTimeout, TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                Out.line("hook timed out");
            } catch (RejectedExecutionException e) {
                Out.line("hook rejected");
            } catch (InterruptedException | ExecutionException e) {
                Out.line("hook failed " + e);
            }
        }, "app-hook"));
        Out.line("main exits 0");
        System.exit(0);
    }
}
