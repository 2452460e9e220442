package dev.poolguard.it.reliability;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Child program of {@link InternalFaultsIT}. args[0] says which poolguard feature fails (through the boot
 * runtime's {@code Faults.injectOnce}, as a bug in poolguard would) and the program then makes that
 * feature run, and goes on using pools to show it is unaffected:
 * <ul>
 * <li>{@code deadlock-detection}: a blocking wait trips it; then a task waits on its own future with a
 *     timeout (a self-wait poolguard would report, had the feature not been switched off) and times out as
 *     it would without the agent; the fault is injected a second time and another wait made: nothing more
 *     is reported, the feature is off for good. Main returns.</li>
 * <li>{@code worker-tracking}: a new worker trips it; tasks on new pools run and their results are right.
 *     Main returns.</li>
 * <li>{@code worker-tracking-then-wait}: a two-thread pool whose first worker started before worker tracking
 *     failed (so poolguard knows it) and whose second started after (so it does not). The second runs a
 *     long task; the first runs a task that submits another to the pool and waits for it. That task is
 *     queued and will run as soon as the second worker is free: no deadlock. deadlock=fail must not
 *     make the wait throw. Prints "WAIT RESULT inner" or "WAIT FAILED ...". Main returns.</li>
 * <li>{@code shutdown-guard}: System.exit(7) while a task waits for the shutdown to begin and then
 *     submits to its pool, which needs a new worker: the refusal check trips, the worker starts as it would
 *     without the agent, and the second task runs.</li>
 * <li>{@code none}: no fault; the application's own exceptions (from a thread factory, a task, a
 *     cancelled or timed-out or interrupted wait) reach it unchanged and nothing is counted as poolguard's.</li>
 * </ul>
 * Prints "SUPPRESSED n" (Faults.suppressedCount) at the end, or "SUPPRESSED none" without the agent.
 */
public final class FaultApp {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "deadlock-detection" -> deadlockDetection();
            case "worker-tracking" -> workerTracking();
            case "worker-tracking-then-wait" -> workerTrackingThenWait();
            case "shutdown-guard" -> shutdownGuard();
            case "none" -> applicationExceptions();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void inject(String label) throws Exception {
        Object armed = Class.forName("dev.poolguard.bootstrap.Faults", true, null)
                .getMethod("injectOnce", String.class).invoke(null, label);
        Say.line("INJECTED " + label + " " + armed);
    }

    static String suppressed() {
        try {
            return String.valueOf(Class.forName("dev.poolguard.bootstrap.Faults", true, null)
                    .getMethod("suppressedCount").invoke(null));
        } catch (ReflectiveOperationException e) {
            return "none";
        }
    }

    static ThreadPoolExecutor pool(String name, int threads) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Say.threads(name, false));
    }

    static void deadlockDetection() throws Exception {
        ThreadPoolExecutor pool = pool("fault-dd", 2);
        inject("deadlock detection");
        Future<String> slow = pool.submit(() -> {
            Thread.sleep(200);
            return "slow";
        });
        Say.line("WAIT 1 " + slow.get(30, TimeUnit.SECONDS)); // blocks: the detection runs and fails
        Say.line("AFTER FAULT " + suppressed());
        // a self-wait with a timeout: reported as a deadlock when detection works; now it just times out
        AtomicReference<Future<?>> self = new AtomicReference<>();
        CountDownLatch published = new CountDownLatch(1);
        Future<String> selfWaiting = pool.submit(() -> {
            published.await();
            try {
                self.get().get(300, TimeUnit.MILLISECONDS);
                return "no timeout";
            } catch (TimeoutException e) {
                return "timed out";
            }
        });
        self.set(selfWaiting);
        published.countDown();
        Say.line("SELF WAIT " + selfWaiting.get(30, TimeUnit.SECONDS));
        inject("deadlock detection"); // the feature is off: this is never tripped
        Future<String> again = pool.submit(() -> {
            Thread.sleep(100);
            return "again";
        });
        Say.line("WAIT 2 " + again.get(30, TimeUnit.SECONDS));
        pool.shutdown();
        Say.line("SUPPRESSED " + suppressed());
    }

    static void workerTracking() throws Exception {
        inject("worker tracking");
        int sum = 0;
        for (int p = 0; p < 3; p++) {
            ThreadPoolExecutor pool = pool("fault-wt" + p, 2);
            for (int i = 0; i < 5; i++) {
                int n = i;
                sum += pool.submit(() -> n + 1).get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        Say.line("SUM " + sum);
        Say.line("SUPPRESSED " + suppressed());
    }

    static void workerTrackingThenWait() throws Exception {
        ThreadPoolExecutor pool = pool("fault-wtw", 2);
        pool.submit(() -> "first worker").get(30, TimeUnit.SECONDS); // worker 1, tracked
        inject("worker tracking");
        CountDownLatch longStarted = new CountDownLatch(1);
        Future<?> longTask = pool.submit(() -> {                  // worker 2, created after the fault
            longStarted.countDown();
            Thread.sleep(1_000);
            return null;
        });
        longStarted.await();
        Future<String> outer = pool.submit(() -> pool.submit(() -> "inner").get());
        try {
            Say.line("WAIT RESULT " + outer.get(30, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            Say.line("WAIT FAILED " + e.getCause());
        }
        longTask.get(30, TimeUnit.SECONDS);
        pool.shutdown();
        Say.line("SUPPRESSED " + suppressed());
    }

    static void shutdownGuard() throws Exception {
        // a pool that needs a new worker for every task while its workers are busy
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 4, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                Say.threads("fault-sg", false));
        CountDownLatch shutdownBegan = new CountDownLatch(1);
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch secondRan = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // armed once shutdown began: the fault fires at the guard's next step, refusing the spawn below
            try {
                inject("shutdown guard");
            } catch (Exception e) {
                Say.line("INJECT FAILED " + e);
            }
            shutdownBegan.countDown();
            try {
                secondRan.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Say.line("HOOK DONE SUPPRESSED " + suppressed());
        }, "fault-app-hook"));
        pool.execute(() -> {
            firstStarted.countDown();
            try {
                shutdownBegan.await();
                pool.execute(() -> {
                    Say.line("SECOND TASK RAN");
                    secondRan.countDown();
                });
                Say.line("SUBMITTED DURING SHUTDOWN");
            } catch (Exception e) {
                Say.line("SUBMIT FAILED " + e);
            }
        });
        firstStarted.await();
        Say.line("MAIN EXITS 7");
        System.exit(7);
    }

    static void applicationExceptions() throws Exception {
        // a thread factory that fails: its exception reaches execute's caller
        ThreadPoolExecutor broken = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    throw new IllegalStateException("factory says no");
                });
        try {
            broken.execute(() -> { });
            Say.line("FACTORY NO EXCEPTION");
        } catch (IllegalStateException e) {
            Say.line("FACTORY " + e.getMessage());
        }
        ThreadPoolExecutor pool = pool("fault-none", 2);
        // a task that throws: ExecutionException with the task's exception
        Future<Object> throwing = pool.submit(() -> {
            throw new java.io.IOException("task says no");
        });
        try {
            throwing.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Say.line("TASK " + e.getCause());
        }
        // a cancelled task
        Future<?> sleeping = pool.submit(() -> {
            Thread.sleep(10_000);
            return null;
        });
        sleeping.cancel(true);
        try {
            sleeping.get();
        } catch (CancellationException e) {
            Say.line("CANCELLED");
        }
        // a wait that times out
        Future<?> slow = pool.submit(() -> {
            Thread.sleep(2_000);
            return null;
        });
        try {
            slow.get(50, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Say.line("TIMEOUT");
        }
        // a wait that is interrupted
        FutureTask<String> never = new FutureTask<>(() -> "never run");
        Thread main = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            main.interrupt();
        });
        interrupter.start();
        try {
            never.get();
        } catch (InterruptedException e) {
            Say.line("INTERRUPTED");
        }
        slow.cancel(true);
        pool.shutdownNow();
        Say.line("SUPPRESSED " + suppressed());
    }
}
