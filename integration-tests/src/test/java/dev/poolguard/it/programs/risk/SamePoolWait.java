package dev.poolguard.it.programs.risk;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.poolguard.it.programs.Out;
import dev.poolguard.it.programs.deadlock.Shape;

/**
 * Shape SAME_POOL_WAIT (a risk, not a deadlock): a task of a pool of four submits a task to its own pool
 * and waits on it; other workers are free, so it completes. Nothing depends on timing: the awaited task
 * is running on another worker when the wait begins (a latch says so), and it ends only once it saw the
 * waiting thread parked in the future's wait, so every wait really blocks. The argument picks the variant:
 * <ul>
 * <li>{@code once}: one such wait;</li>
 * <li>{@code repeat}: the same call site waits 50 times (still one risk);</li>
 * <li>{@code two}: two different call sites (two risks);</li>
 * <li>{@code invokeall}: the task calls {@code invokeAll} on its own pool while the three other workers
 *     are busy (they wait on a latch, which is no future), so the subtasks stay queued until main,
 *     once the task is parked in invokeAll's wait, lets the others go;</li>
 * <li>{@code fresh-worker}: the awaited task is handed to a new worker, and the pool's thread factory
 *     holds each new thread back until the waiting thread is parked: when the wait begins, the task is
 *     the first task of a worker that has not begun running it, an unfinished task of the same pool all
 *     the same.</li>
 * </ul>
 * Prints {@code SITE s} for each site (the frame poolguard should name: {@link Site#here()} runs on the
 * line of the wait), {@code BLOCKED n} (how many waits were seen parked) and {@code DONE}.
 */
public final class SamePoolWait {
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** The thread of the outer task, the one that waits. */
    private static volatile Thread waiter;

    public static void main(String[] args) throws Exception {
        String variant = args.length > 0 ? args[0] : "once";
        ThreadFactory named = r -> new Thread(r, "risk-" + THREADS.incrementAndGet());
        ThreadFactory heldBack = r -> new Thread(() -> {
            Thread w = waiter;
            if (w != null && w != Thread.currentThread()) {
                Shape.awaitParked(w); // a worker made while the outer task runs starts only once it waits
            }
            r.run();
        }, "risk-" + THREADS.incrementAndGet());
        ExecutorService pool = Executors.newFixedThreadPool(4, variant.equals("fresh-worker") ? heldBack : named);
        CountDownLatch release = new CountDownLatch(1);
        if (variant.equals("invokeall")) {
            for (int i = 0; i < 3; i++) {
                pool.submit(() -> {
                    release.await(20, TimeUnit.SECONDS);
                    return null;
                });
            }
        }
        Shape.Started outerStarted = new Shape.Started();
        Future<Integer> outer = pool.submit(() -> {
            waiter = Thread.currentThread();
            outerStarted.mark();
            return run(variant, pool);
        });
        if (variant.equals("invokeall")) {
            Out.line("INVOKEALL PARKED " + Shape.awaitParked(outerStarted.thread()));
            release.countDown();
        }
        Out.line("BLOCKED " + outer.get(20, TimeUnit.SECONDS));
        pool.shutdown();
        Out.line("DONE");
    }

    private static int run(String variant, ExecutorService pool) throws Exception {
        return switch (variant) {
            case "once" -> firstSite(pool, 1);
            case "repeat" -> firstSite(pool, 50);
            case "two" -> firstSite(pool, 1) + secondSite(pool);
            case "fresh-worker" -> freshWorker(pool);
            case "invokeall" -> invokeAllSite(pool);
            default -> throw new IllegalArgumentException(variant);
        };
    }

    private static int firstSite(ExecutorService pool, int times) throws Exception {
        int blocked = 0;
        String site = null;
        for (int i = 0; i < times; i++) {
            Future<Boolean> inner = startOnAnotherWorker(pool);
            site = Site.here(); blocked += inner.get() ? 1 : 0; // the risk's site: this line
        }
        Out.line("SITE " + site);
        return blocked;
    }

    private static int secondSite(ExecutorService pool) throws Exception {
        Future<Boolean> inner = startOnAnotherWorker(pool);
        String site = Site.here(); int blocked = inner.get() ? 1 : 0; // the second site: this line
        Out.line("SITE " + site);
        return blocked;
    }

    private static int freshWorker(ExecutorService pool) throws Exception {
        Thread me = Thread.currentThread();
        Future<Boolean> inner = pool.submit(() -> Shape.awaitParked(me)); // goes to a new, held-back worker
        String site = Site.here(); int blocked = inner.get() ? 1 : 0; // the risk's site: this line
        Out.line("SITE " + site);
        return blocked;
    }

    private static int invokeAllSite(ExecutorService pool) throws Exception {
        List<Callable<String>> subtasks = List.of(() -> "sub-1 done", () -> "sub-2 done");
        String site = Site.here(); pool.invokeAll(subtasks); // the risk's site: this line
        Out.line("SITE " + site);
        return 1;
    }

    /**
     * Submits a task and returns once it runs on another worker; the task ends once it saw the caller
     * parked in a future's wait, and answers whether it did.
     */
    private static Future<Boolean> startOnAnotherWorker(ExecutorService pool) throws InterruptedException {
        Thread me = Thread.currentThread();
        CountDownLatch running = new CountDownLatch(1);
        Future<Boolean> inner = pool.submit(() -> {
            running.countDown();
            return Shape.awaitParked(me);
        });
        if (!running.await(20, TimeUnit.SECONDS)) {
            Out.line("INNER NEVER RAN");
        }
        return inner;
    }
}
