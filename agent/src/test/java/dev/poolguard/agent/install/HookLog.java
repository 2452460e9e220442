package dev.poolguard.agent.install;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.Predicate;

/**
 * What the stand-in hooks of {@link RemappedJdk} were called with, in order. Public because the
 * generated stub class, in another package and loader, calls {@link #call}.
 */
public final class HookLog {
    /** One hook call. */
    public record Entry(String hook, List<Object> args, Thread thread, Object returned) {
        Object arg(int i) {
            return args.get(i);
        }
    }

    /** What {@code workerStarted} hands back, in place of a {@code WorkerRecord}. */
    public record WorkerToken(Object worker, Thread thread) { }

    private static final List<Entry> ENTRIES = new ArrayList<>();

    private HookLog() {
    }

    /** How many times the rewritten waits parked through the hooks (not entries: their number varies). */
    private static final java.util.concurrent.atomic.AtomicInteger PARKS = new java.util.concurrent.atomic.AtomicInteger();

    /** The stub's body for every hook. */
    public static Object call(String hook, Object[] args) {
        if (hook.equals("park") || hook.equals("parkNanos")) {
            // the real hooks park; so must the stand-ins, or the waits would spin
            PARKS.incrementAndGet();
            synchronized (ENTRIES) {
                ENTRIES.notifyAll();
            }
            if (hook.equals("park")) {
                java.util.concurrent.locks.LockSupport.park(args[0]);
            } else {
                java.util.concurrent.locks.LockSupport.parkNanos(args[0], (Long) args[1]);
            }
            return null;
        }
        Object returned = null;
        if (hook.equals("newWorkerThread")) {
            returned = ((ThreadFactory) args[0]).newThread((Runnable) args[1]);
        } else if (hook.equals("workerStarted")) {
            returned = new WorkerToken(args[1], Thread.currentThread());
        }
        record(new Entry(hook, java.util.Arrays.asList(args), Thread.currentThread(), returned));
        return returned;
    }

    /** A note from the test itself, to place events among the hook calls. */
    public static void note(String what) {
        record(new Entry(what, List.of(), Thread.currentThread(), null));
    }

    private static void record(Entry entry) {
        synchronized (ENTRIES) {
            ENTRIES.add(entry);
            ENTRIES.notifyAll();
        }
    }

    static void clear() {
        synchronized (ENTRIES) {
            ENTRIES.clear();
        }
        PARKS.set(0);
    }

    static int parks() {
        return PARKS.get();
    }

    /** Waits (bounded) until a rewritten wait parked through the hooks. */
    static void awaitPark() throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        synchronized (ENTRIES) {
            while (PARKS.get() == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no wait parked through the hooks");
                }
                ENTRIES.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    static List<Entry> entries() {
        synchronized (ENTRIES) {
            return new ArrayList<>(ENTRIES);
        }
    }

    /** The entries of one hook (or note), in order. */
    static List<Entry> of(String hook) {
        List<Entry> matching = new ArrayList<>();
        for (Entry entry : entries()) {
            if (entry.hook().equals(hook)) {
                matching.add(entry);
            }
        }
        return matching;
    }

    static List<String> hooks(Predicate<Entry> filter) {
        List<String> names = new ArrayList<>();
        for (Entry entry : entries()) {
            if (filter.test(entry)) {
                names.add(entry.hook());
            }
        }
        return names;
    }

    /** Waits until an entry matching {@code condition} was recorded (callers bound it with a timeout). */
    static Entry await(Predicate<Entry> condition) throws InterruptedException {
        synchronized (ENTRIES) {
            while (true) {
                for (Entry entry : ENTRIES) {
                    if (condition.test(entry)) {
                        return entry;
                    }
                }
                ENTRIES.wait();
            }
        }
    }
}
