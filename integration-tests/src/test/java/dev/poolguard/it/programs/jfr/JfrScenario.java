package dev.poolguard.it.programs.jfr;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.poolguard.it.programs.Out;

/**
 * Shape: one of each poolguard event, in this order, for the JFR test.
 * <ol>
 * <li>a risk: a task of a two-worker pool waits on a task that runs on the other worker;</li>
 * <li>a timed deadlock (run with {@code deadlock=log}): the only worker of a one-thread pool submits to it
 *     and waits 300 ms, so the deadlock ends by itself with a {@code TimeoutException};</li>
 * <li>a shutdown: {@code System.exit(3)}, and a shutdown hook that submits to a pool with no worker yet, so
 *     (with {@code hookSpawns=block}) the spawn is refused and the task is left queued, never run.</li>
 * </ol>
 * With the argument {@code hold-dump} (only with a recording running), {@link DumpHold} makes JFR's own
 * on-exit dump wait for the refused spawn, so that the test does not depend on which shutdown hook the JVM
 * runs first. With {@code risk-only}, main returns after the risk: a report with nothing else to find.
 * Prints "JFR MODULE PRESENT" (or ABSENT), "RISK DONE", "DEADLOCK ENDED: ..." and "SPAWN REFUSED".
 */
public final class JfrScenario {
    static final CountDownLatch SPAWN_REFUSED = new CountDownLatch(1);
    static volatile boolean exiting;

    private JfrScenario() {}

    public static void main(String[] args) throws Exception {
        Out.line("JFR MODULE " + (ModuleLayer.boot().findModule("jdk.jfr").isPresent() ? "PRESENT" : "ABSENT"));
        List<String> flags = List.of(args);
        if (flags.contains("hold-dump")) {
            DumpHold.install();
        }
        risk();
        if (flags.contains("risk-only")) {
            return;
        }
        timedDeadlock();

        ThreadPoolExecutor idle = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> new Thread(r, "idle-worker"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                idle.execute(() -> Out.line("the queued task ran"));
                Out.line(idle.getPoolSize() == 0 ? "SPAWN REFUSED" : "SPAWN ALLOWED");
            } finally {
                SPAWN_REFUSED.countDown();
            }
        }, "flush-hook"));
        exiting = true;
        System.exit(3);
    }

    private static void risk() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2, named("risk-worker-"));
        try {
            Future<?> outer = pool.submit(() -> {
                CountDownLatch running = new CountDownLatch(1);
                Future<?> inner = pool.submit(() -> {
                    running.countDown();
                    sleep(200);
                });
                running.await(); // the inner task runs on the other worker when the wait begins
                return inner.get();
            });
            outer.get(10, TimeUnit.SECONDS);
            Out.line("RISK DONE");
        } finally {
            pool.shutdown();
        }
    }

    private static void timedDeadlock() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(1, named("single-"));
        try {
            Future<Object> outer = pool.submit(() -> pool.submit(() -> "inner").get(300, TimeUnit.MILLISECONDS));
            try {
                outer.get(10, TimeUnit.SECONDS);
                Out.line("DEADLOCK ENDED: no exception");
            } catch (ExecutionException e) {
                Out.line("DEADLOCK ENDED: " + e.getCause().getClass().getName());
            }
        } finally {
            pool.shutdown();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> new Thread(r, prefix + n.incrementAndGet());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
