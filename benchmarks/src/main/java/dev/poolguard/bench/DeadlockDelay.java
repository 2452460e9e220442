package dev.poolguard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The deadlock reporting delay probe (issue 12: "a deadlock is reported at most 50 ms after the wait that
 * closes it begins"). Not JMH: one deadlock is one sample of a few milliseconds, its own setup (fresh
 * pools, a backlog) costs more than the sample, and only the agent can end a deadlock, so there is no
 * plain run to compare with. Run it with the agent in fail mode:
 *
 * <pre>java -javaagent:poolguard-agent.jar=deadlock=fail -cp benchmarks.jar dev.poolguard.bench.DeadlockDelay TRIALS BACKLOG...</pre>
 *
 * <p>For each shape (SELF_WAIT, CYCLE, STARVATION) and each backlog (tasks queued in the deadlocked pool,
 * behind its busy worker), a few warm-up trials and then TRIALS measured ones, each with fresh pools. A
 * trial's figure is from {@code System.nanoTime()} just before the wait that closes the deadlock to the
 * moment a {@code DeadlockDetectedException} is caught by whichever participant got it first (the closing
 * wait, or, should the agent find it from another participant's wait, that one). In CYCLE the first wait
 * has been parked for {@link #SETTLE_MILLIS} before the closing wait begins, so that any analysis of the
 * first wait alone is over and the figure is the closing wait's own.
 *
 * <p>Output, one line per measured trial, read by the comparison tool:
 * {@code delay SHAPE BACKLOG MILLIS KIND_OK} ({@code KIND_OK}: the exception's message names the shape),
 * or {@code delay SHAPE BACKLOG timeout} when nothing was detected within {@link #GIVE_UP_MILLIS} (the
 * deadlock is then broken by cancelling its tasks, so the probe always ends).
 */
public final class DeadlockDelay {
    static final String EXCEPTION = "dev.poolguard.DeadlockDetectedException";
    /** Longer than the agent's planned "analyse a wait parked for ~10 ms". */
    private static final long SETTLE_MILLIS = 30;
    private static final long GIVE_UP_MILLIS = 2_000;
    private static final int WARMUP_TRIALS = 3;
    private static final Runnable FILLER = () -> { };

    /** One trial's clock: when the closing wait began, and the first detection. */
    private volatile long closingWaitStart;
    private final AtomicReference<Detection> first = new AtomicReference<>();
    private final CountDownLatch detected = new CountDownLatch(1);

    private record Detection(long nanos, String message) { }

    private DeadlockDelay() {
    }

    public static void main(String[] args) throws Exception {
        int trials = Integer.parseInt(args[0]);
        for (int i = 1; i < args.length; i++) {
            int backlog = Integer.parseInt(args[i]);
            for (String shape : List.of("SELF_WAIT", "CYCLE", "STARVATION")) {
                for (int t = 0; t < WARMUP_TRIALS + trials; t++) {
                    String result = new DeadlockDelay().trial(shape, backlog);
                    if (t >= WARMUP_TRIALS) {
                        System.out.println("delay " + shape + " " + backlog + " " + result);
                    }
                }
            }
        }
        System.out.flush();
    }

    private String trial(String shape, int backlog) throws Exception {
        List<ThreadPoolExecutor> pools = new ArrayList<>();
        List<Future<?>> tasks = new CopyOnWriteArrayList<>(); // STARVATION's task adds to it
        try {
            switch (shape) {
                case "SELF_WAIT" -> selfWait(pools, tasks, backlog);
                case "CYCLE" -> cycle(pools, tasks, backlog);
                case "STARVATION" -> starvation(pools, tasks, backlog);
                default -> throw new IllegalArgumentException(shape);
            }
            if (!detected.await(GIVE_UP_MILLIS, TimeUnit.MILLISECONDS)) {
                return "timeout";
            }
            Detection d = first.get();
            boolean kindOk = d.message() != null && d.message().contains(shape);
            return String.format(Locale.ROOT, "%.3f %s", (d.nanos() - closingWaitStart) / 1e6,
                    kindOk ? "kind-ok" : "wrong-kind:" + String.valueOf(d.message()).lines().findFirst().orElse(""));
        } finally {
            for (Future<?> task : tasks) {
                task.cancel(true); // ends a deadlock nobody detected; a no-op on finished tasks
            }
            for (ThreadPoolExecutor pool : pools) {
                pool.shutdownNow(); // drops the backlog still queued
            }
            Pools.close(pools.toArray(new ThreadPoolExecutor[0]));
        }
    }

    /** A task of a one-worker pool waits on its own future, {@code backlog} tasks queued behind it. */
    private void selfWait(List<ThreadPoolExecutor> pools, List<Future<?>> tasks, int backlog) {
        ThreadPoolExecutor pool = pool(pools, "self");
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Future<?>> self = new AtomicReference<>();
        self.set(pool.submit(() -> {
            go.await();
            return closingWait(self.get());
        }));
        tasks.add(self.get());
        queueBacklog(pool, backlog);
        go.countDown();
    }

    /**
     * x (pool X) waits on y's future; y (pool Y), once x has been parked for {@link #SETTLE_MILLIS},
     * waits on x's future: y's wait closes the ring. The backlog is queued in X.
     */
    private void cycle(List<ThreadPoolExecutor> pools, List<Future<?>> tasks, int backlog) {
        ThreadPoolExecutor x = pool(pools, "cycle-x");
        ThreadPoolExecutor y = pool(pools, "cycle-y");
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Future<?>> fx = new AtomicReference<>();
        AtomicReference<Future<?>> fy = new AtomicReference<>();
        AtomicReference<Thread> xThread = new AtomicReference<>();
        fx.set(x.submit(() -> {
            xThread.set(Thread.currentThread());
            go.await();
            return openingWait(fy.get());
        }));
        fy.set(y.submit(() -> {
            go.await();
            awaitParkedFor(xThread, SETTLE_MILLIS);
            return closingWait(fx.get());
        }));
        tasks.add(fx.get());
        tasks.add(fy.get());
        queueBacklog(x, backlog);
        go.countDown();
    }

    /**
     * The only worker of a pool runs a task that submits another task to the same pool and waits on it:
     * queued behind {@code backlog} others and the waiting worker itself, it can never start.
     */
    private void starvation(List<ThreadPoolExecutor> pools, List<Future<?>> tasks, int backlog) {
        ThreadPoolExecutor pool = pool(pools, "starve");
        CountDownLatch go = new CountDownLatch(1);
        tasks.add(pool.submit(() -> {
            go.await();
            Future<?> inner = pool.submit(FILLER);
            tasks.add(inner);
            return closingWait(inner);
        }));
        queueBacklog(pool, backlog);
        go.countDown();
    }

    private Object closingWait(Future<?> future) throws InterruptedException {
        closingWaitStart = System.nanoTime();
        return openingWait(future);
    }

    /** Waits; a {@code DeadlockDetectedException} thrown by this wait itself is a detection. */
    private Object openingWait(Future<?> future) throws InterruptedException {
        try {
            return future.get();
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            if (e.getClass().getName().equals(EXCEPTION) && first.compareAndSet(null, new Detection(now, e.getMessage()))) {
                detected.countDown();
            }
            throw e;
        } catch (ExecutionException consequence) {
            return null; // the other participant's task failed because IT detected the deadlock
        }
    }

    private static void awaitParkedFor(AtomicReference<Thread> thread, long millis) throws InterruptedException {
        while (thread.get() == null || !Pools.parked(thread.get())) {
            Thread.sleep(1);
        }
        Thread.sleep(millis);
    }

    private static ThreadPoolExecutor pool(List<ThreadPoolExecutor> pools, String name) {
        ThreadPoolExecutor pool = Pools.fixed(1, name);
        pools.add(pool);
        return pool;
    }

    /** Cheap tasks queued behind the pool's only worker, which is busy with the shape's task. */
    private static void queueBacklog(ThreadPoolExecutor pool, int backlog) {
        for (int i = 0; i < backlog; i++) {
            pool.execute(FILLER);
        }
    }
}
