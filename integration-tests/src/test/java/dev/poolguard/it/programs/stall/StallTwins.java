package dev.poolguard.it.programs.stall;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.poolguard.it.programs.Out;

/**
 * Healthy twins of {@link LatchStall}, run with {@code stall=500ms}: pools whose queue waits while
 * their workers are busy or only briefly blocked, or whose blocked workers have nothing queued. None is
 * a stall. Each prints {@code WATCHER PRESENT} (the watcher ran meanwhile) and {@code DONE}.
 * <ul>
 * <li>{@code backlog}: two workers compute through a queue kept at least 50 deep for two seconds (four
 *     stall times), then drained;</li>
 * <li>{@code sleepers}: two workers each sleep 50 ms per task through 40 queued tasks (a second of work,
 *     the queue moving every 50 ms); main waits on a latch the tasks count down;</li>
 * <li>{@code one-busy}: one worker blocked on a latch, the other computing, a task queued behind them,
 *     for 1.5 s;</li>
 * <li>{@code nothing-queued}: both workers blocked on a latch for 1.5 s, nothing queued.</li>
 * </ul>
 */
public final class StallTwins {
    private static final long HOLD_MILLIS = 1_500;

    private StallTwins() {}

    public static void main(String[] args) throws Exception {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "twin-" + threads.incrementAndGet()));
        switch (args[0]) {
            case "backlog" -> backlog(pool);
            case "sleepers" -> sleepers(pool);
            case "one-busy" -> oneBusy(pool);
            case "nothing-queued" -> nothingQueued(pool);
            default -> throw new IllegalArgumentException(args[0]);
        }
        Out.line("WATCHER " + (LatchStall.watcherRuns() ? "PRESENT" : "ABSENT"));
        pool.shutdown();
        if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
            Out.line("POOL STUCK");
        }
        Out.line("DONE");
    }

    private static void backlog(ExecutorService pool) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicLong sink = new AtomicLong();
        long submitted = 0;
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_000);
        while (System.nanoTime() < until) { // load shaping, not synchronisation: keep the queue deep a while
            while (submitted - done.get() < 100) {
                pool.execute(() -> {
                    sink.addAndGet(compute(200_000));
                    done.incrementAndGet();
                });
                submitted++;
            }
            Thread.sleep(5);
        }
        Out.line("BACKLOG " + submitted + " tasks");
    }

    private static void sleepers(ExecutorService pool) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(40);
        for (int i = 0; i < 40; i++) {
            pool.execute(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.countDown();
            });
        }
        Out.line(done.await(60, TimeUnit.SECONDS) ? "SLEEPERS DONE" : "SLEEPERS STUCK");
    }

    private static void oneBusy(ExecutorService pool) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        AtomicBoolean spin = new AtomicBoolean(true);
        pool.execute(() -> {
            running.countDown();
            awaitQuietly(release);
        });
        pool.execute(() -> {
            running.countDown();
            long x = 0;
            while (spin.get()) {
                x += compute(1_000);
            }
            Out.line("SPUN " + (x == 42 ? "!" : "."));
        });
        running.await();
        pool.execute(() -> Out.line("QUEUED TASK RAN"));
        Thread.sleep(HOLD_MILLIS); // the time the watch has to (not) find a stall
        spin.set(false);
        release.countDown();
    }

    private static void nothingQueued(ExecutorService pool) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            pool.execute(() -> {
                running.countDown();
                awaitQuietly(release);
            });
        }
        running.await();
        Thread.sleep(HOLD_MILLIS); // the time the watch has to (not) find a stall
        release.countDown();
    }

    private static long compute(int rounds) {
        long x = 17;
        for (int i = 0; i < rounds; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
