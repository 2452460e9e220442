package dev.poolguard.it.programs.deadlock;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.poolguard.it.programs.Out;

/**
 * What the deadlock programs share. Every program forms one shape deterministically (latches line the
 * threads up; {@link #awaitParked} makes sure the wait that must close the shape begins last), prints
 * what happened as lines the tests read, and ends in bounded time: main waits on the outcome with a timed
 * {@code get} ({@link #outcome}), or a {@link #watchdog} ends the JVM when main itself is in the shape.
 * Either first waits (bounded) until the shape is settled: the closing wait is parked, with poolguard's
 * check over (so a deadlock event is written by then), or the task it belongs to is done (it threw).
 *
 * <p>Lines printed:
 * <ul>
 * <li>{@code READY}: the shape is about to close;</li>
 * <li>{@code THREW LABEL CLASS: MESSAGE}: the wait LABEL threw (with {@code deadlock=fail}, the closing wait
 *     throws {@code dev.poolguard.DeadlockDetectedException});</li>
 * <li>{@code OUTCOME LABEL VALUE v}, {@code OUTCOME LABEL TIMEOUT} or
 *     {@code OUTCOME LABEL FAILED CLASS caused by CAUSE_CLASS: CAUSE_MESSAGE}: what main's own wait saw;</li>
 * <li>{@code END}: main is about to call {@code System.exit(0)}.</li>
 * </ul>
 *
 * <p>The outer wait lasts {@code -Dshape.outerMillis} (default 2000) milliseconds.
 */
public final class Shape {
    public static final long OUTER_MILLIS = Long.getLong("shape.outerMillis", 2000);
    private static final String DEADLOCK_EXCEPTION = "dev.poolguard.DeadlockDetectedException";
    private static long outerDeadline;
    private static volatile Thread closing;

    private Shape() {}

    /** Threads named {@code prefix-1}, {@code prefix-2}, ... */
    public static ThreadFactory named(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return r -> new Thread(r, prefix + "-" + next.incrementAndGet());
    }

    /** A task whose {@code toString} is {@code Task[name]}, so a FutureTask's description names it. */
    public static <T> Callable<T> task(String name, Callable<T> body) {
        return new Callable<>() {
            @Override
            public T call() throws Exception {
                return body.call();
            }

            @Override
            public String toString() {
                return "Task[" + name + "]";
            }
        };
    }

    /** An untimed {@code get}: prints a THREW line for whatever it throws, and rethrows it. */
    public static <T> T waitFor(String label, Future<T> future) throws Exception {
        try {
            return future.get();
        } catch (Exception e) {
            threw(label, e);
            throw e;
        }
    }

    /** An untimed {@code join}, like {@link #waitFor}. */
    public static <T> T join(String label, CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (RuntimeException e) {
            threw(label, e);
            throw e;
        }
    }

    public static void threw(String label, Throwable e) {
        if (e.getClass().getName().equals(DEADLOCK_EXCEPTION)) {
            Out.line("THREW " + label + " " + e.getClass().getName() + ": " + e.getMessage());
        } else {
            Out.line("WAIT " + label + " ended with " + e.getClass().getName());
        }
    }

    /** Prints READY and names the current thread as the one whose next wait closes the shape. */
    public static void ready() {
        closing = Thread.currentThread();
        Out.line("READY");
    }

    /**
     * Waits, 10 s at most, until the closing wait is parked in a future's wait with poolguard's check
     * over (see {@link #awaitParked}), or {@code task} is done. Prints a line when it gives up.
     */
    public static void settle(Future<?> task) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Thread c = closing;
            if ((task != null && task.isDone()) || (c != null && parkedInFutureWait(c))) {
                return;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Out.line("NEVER SETTLED");
    }

    /**
     * Main's own wait on {@code future}, once the shape {@linkplain #settle settled}. All of main's
     * outcome waits share one deadline, {@link #OUTER_MILLIS} after the first began, so a program that waits on several stuck tasks still
     * ends in that time.
     */
    public static synchronized void outcome(String label, Future<?> future) {
        if (outerDeadline == 0) {
            settle(future);
            outerDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OUTER_MILLIS);
        }
        long left = Math.max(0, outerDeadline - System.nanoTime());
        try {
            Out.line("OUTCOME " + label + " VALUE " + future.get(left, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            Out.line("OUTCOME " + label + " TIMEOUT");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            Out.line("OUTCOME " + label + " FAILED " + e.getClass().getName() + " caused by "
                    + (cause == null ? "nothing" : cause.getClass().getName() + ": " + cause.getMessage()));
        } catch (Exception e) {
            Out.line("OUTCOME " + label + " FAILED " + e.getClass().getName() + ": " + e.getMessage());
        }
    }

    /**
     * Main's own untimed wait on {@code future}, for shapes whose deadlock needs main blocked while it closes
     * (a watchdog ends the JVM if it never returns); prints the same OUTCOME lines as {@link #outcome}.
     */
    public static void outcomeUntimed(String label, Future<?> future) {
        try {
            Out.line("OUTCOME " + label + " VALUE " + future.get());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            Out.line("OUTCOME " + label + " FAILED " + e.getClass().getName() + " caused by "
                    + (cause == null ? "nothing" : cause.getClass().getName() + ": " + cause.getMessage()));
        } catch (Exception e) {
            Out.line("OUTCOME " + label + " FAILED " + e.getClass().getName() + ": " + e.getMessage());
        }
    }

    /** A daemon thread that ends the JVM after {@code millis}, for shapes that catch main itself. */
    public static void watchdog(long millis) {
        Thread t = new Thread(() -> {
            settle(null);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            Out.line("WATCHDOG");
            end();
        }, "watchdog");
        t.setDaemon(true);
        t.start();
    }

    public static void end() {
        Out.line("END");
        System.exit(0);
    }

    public static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                Out.line("LATCH TIMED OUT");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Blocks until {@code thread} is parked inside a future's wait ({@code FutureTask.awaitDone},
     * {@code CompletableFuture.waitingGet/timedGet}), with no poolguard frame on its stack but the agent's
     * own park after its first check: the agent has analysed the wait (it does so once the wait has been
     * parked a while), and is not analysing it now. Gives up after 10 s, printing a line.
     *
     * @return whether it saw {@code thread} parked there
     */
    public static boolean awaitParked(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (parkedInFutureWait(thread)) {
                return true;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        Out.line("NEVER PARKED " + thread.getName());
        return false;
    }

    /** Whether {@code thread} is parked in a future's (or completion service's) wait, checked by poolguard. */
    public static boolean parkedInAWait(Thread thread) {
        return parkedInFutureWait(thread);
    }

    private static boolean parkedInFutureWait(Thread thread) {
        Thread.State before = thread.getState();
        StackTraceElement[] stack = thread.getStackTrace();
        Thread.State after = thread.getState();
        return parked(before) && parked(after) && inFutureWait(stack);
    }

    private static boolean parked(Thread.State state) {
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    private static boolean inFutureWait(StackTraceElement[] stack) {
        boolean park = false;
        boolean wait = false;
        for (StackTraceElement frame : stack) {
            String cls = frame.getClassName();
            String method = frame.getMethodName();
            if (cls.startsWith("dev.poolguard.") && !cls.startsWith("dev.poolguard.it.") && !agentPark(frame)) {
                return false; // still inside the agent's check
            }
            park |= cls.equals("java.util.concurrent.locks.LockSupport") && method.startsWith("park");
            wait |= (cls.equals("java.util.concurrent.FutureTask") && method.equals("awaitDone"))
                    || (cls.equals("java.util.concurrent.CompletableFuture")
                    && (method.equals("waitingGet") || method.equals("timedGet")))
                    || (cls.equals("java.util.concurrent.ExecutorCompletionService")
                    && (method.equals("take") || method.equals("poll")));
            wait |= GuavaWaitFrames.is(cls, method);
        }
        return park && wait;
    }

    /** The agent's park, through which a blocked wait parks once the agent has checked it. */
    private static boolean agentPark(StackTraceElement frame) {
        // after its first check; parkBeforeFirstCheck means the agent has not looked at the wait yet
        String cls = frame.getClassName();
        String method = frame.getMethodName();
        // a completion service's wait polls its queue in slices: pollChecked once the agent checked it
        return cls.equals("dev.poolguard.bootstrap.PoolguardHooks")
                && (method.equals("park") || method.equals("parkNanos")
                || method.equals("takeCompletion") || method.equals("pollCompletion"))
                || cls.equals("dev.poolguard.bootstrap.waits.CompletionWaits")
                && (method.equals("poll") || method.equals("pollChecked"));
    }

    /** Records the thread a task runs on, once it started. */
    public static final class Started {
        private final CountDownLatch latch = new CountDownLatch(1);
        private volatile Thread thread;

        public void mark() {
            thread = Thread.currentThread();
            latch.countDown();
        }

        public Thread thread() {
            Shape.await(latch);
            return thread;
        }
    }
}
