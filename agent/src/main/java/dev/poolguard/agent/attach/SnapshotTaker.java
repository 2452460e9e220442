package dev.poolguard.agent.attach;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.locks.LockSupport;

import dev.poolguard.agent.attach.Snapshot.FutureShot;
import dev.poolguard.agent.attach.Snapshot.PoolShot;
import dev.poolguard.agent.attach.Snapshot.ThreadShot;
import dev.poolguard.bootstrap.waits.LockWaits.LockWait;

/**
 * Takes the {@link Snapshot} inside the target, on the JVM's attach thread. Reads only: no class is
 * rewritten, no thread started, nothing printed. What holds the application up is the stack of each
 * thread parked on a future (a short stop of the JVM per stack: a full thread dump of 1,000 threads was
 * measured at 0.1-1.4 s in one stop) and the copy of each stuck pool's queue (that pool's queue lock);
 * both are timed into {@link Snapshot#pauseMicros()} and {@link Snapshot#longestPauseMicros()}.
 *
 * <p>A thread counts as waiting on a future only when it is parked ({@code WAITING} or
 * {@code TIMED_WAITING}) with that future as its blocker both before and after its stack was taken, so
 * a wait that ends while the snapshot is taken is not mistaken for one that lasts; a thread blocked on a
 * lock that an analysis can reach ({@link LockScan}), only when it waits for the same lock before and after.
 */
public final class SnapshotTaker {
    private static final int MAX_TEXT = 300;
    /** Wrappers looked through at most this deep, as the agent does. */
    private static final int MAX_UNWRAP = 4;

    private final JucFields fields;
    private final Map<Object, Long> futureKeys = new IdentityHashMap<>();
    private final List<Object> futures = new ArrayList<>();
    private final Map<Object, String> queuedIn = new IdentityHashMap<>();
    private static final StackTraceElement[] NO_STACK = new StackTraceElement[0];
    private long pauseNanos;
    private long longestNanos;

    private SnapshotTaker(JucFields fields) {
        this.fields = fields;
    }

    /** Called reflectively by the attach entry: takes the snapshot and returns it as JSON. */
    public static String takeAsJson() throws ReflectiveOperationException {
        return SnapshotJson.write(new SnapshotTaker(new JucFields()).take());
    }

    private Snapshot take() {
        List<Thread> threads = liveThreads();
        threads.sort(Comparator.comparingLong(SnapshotTaker::idOf));
        Map<Thread, Object> blockers = new IdentityHashMap<>();
        for (Thread thread : threads) {
            Object blocker = LockSupport.getBlocker(thread);
            if (blocker != null && isParked(thread)) {
                blockers.put(thread, blocker);
            }
        }
        Map<ThreadPoolExecutor, PoolParts> pools = new IdentityHashMap<>();
        List<PoolParts> poolOrder = new ArrayList<>();
        Map<Thread, PoolParts> poolOf = new IdentityHashMap<>();
        Map<Thread, Boolean> busy = new IdentityHashMap<>();
        for (Thread thread : threads) {
            Object task = fields.workerOf(thread);
            if (task == null) {
                continue;
            }
            ThreadPoolExecutor pool = fields.poolOfWorker(task);
            PoolParts parts = pools.get(pool);
            if (parts == null) {
                parts = new PoolParts(pool, "p" + (poolOrder.size() + 1), thread.getName(), poolOrder.size() + 1);
                pools.put(pool, parts);
                poolOrder.add(parts);
            }
            parts.workers.add(thread);
            poolOf.put(thread, parts);
            boolean working = fields.busy(task);
            busy.put(thread, working);
            parts.allBusy &= working;
        }
        for (Object blocker : blockers.values()) {
            if (blocker instanceof FutureTask) {
                keyOf(blocker);
            }
        }
        for (PoolParts parts : poolOrder) {
            if (parts.stuck()) {
                readQueue(parts);
            }
        }
        Map<Object, CompletableFuture<?>> signalled = signallers();
        Map<Thread, LockWait> locks = LockScan.reachable(threads, lockSeeds(poolOrder));

        List<ThreadShot> threadShots = new ArrayList<>();
        for (Thread thread : threads) {
            Object blocker = blockers.get(thread);
            Object awaited = blocker instanceof FutureTask ? blocker : signalled.get(blocker);
            LockWait lock = awaited == null ? locks.get(thread) : null;
            StackTraceElement[] stack = NO_STACK;
            if (awaited != null || lock != null) {
                // Only a thread parked on a future can be part of a deadlock, so only those stacks are
                // taken: one short stop of that one thread each, not one long stop of all of them.
                // The wait counts only if the thread is still parked on the same future afterwards.
                long start = System.nanoTime();
                stack = thread.getStackTrace();
                long took = System.nanoTime() - start;
                pauseNanos += took;
                longestNanos = Math.max(longestNanos, took);
                if (awaited != null && (LockSupport.getBlocker(thread) != blocker || !isParked(thread))) {
                    awaited = null;
                }
                if (lock != null && !LockScan.same(thread, lock)) {
                    lock = null; // the same lock wait before and after, like a future wait
                }
            }
            Thread.State state = thread.getState();
            PoolParts pool = poolOf.get(thread);
            threadShots.add(new ThreadShot(idOf(thread), thread.getName(), state.name(),
                    awaited == null ? null : keyOf(awaited), state == Thread.State.TIMED_WAITING,
                    pool == null ? null : pool.key, busy.getOrDefault(thread, true), stack,
                    lock == null ? null : lock.ownerId(), lock == null ? null : lock.lock()));
        }
        List<FutureShot> futureShots = new ArrayList<>();
        for (Object future : futures) {
            Thread runner = future instanceof FutureTask ? fields.runner((FutureTask<?>) future) : null;
            futureShots.add(new FutureShot(futureKeys.get(future), describe(future), ((Future<?>) future).isDone(),
                    runner == null ? null : idOf(runner), queuedIn.get(future)));
        }
        List<PoolShot> poolShots = new ArrayList<>();
        for (PoolParts parts : poolOrder) {
            poolShots.add(parts.shot());
        }
        return new Snapshot(ProcessHandle.current().pid(),
                System.getProperty("java.runtime.version", System.getProperty("java.version")),
                pauseNanos / 1000, longestNanos / 1000, threadShots, futureShots, poolShots);
    }

    /** Where an analysis goes from a future wait: the runners of awaited tasks and the workers of stuck pools. */
    private List<Thread> lockSeeds(List<PoolParts> poolOrder) {
        List<Thread> seeds = new ArrayList<>();
        for (Object future : futures) {
            Thread runner = future instanceof FutureTask ? fields.runner((FutureTask<?>) future) : null;
            if (runner != null) {
                seeds.add(runner);
            }
        }
        for (PoolParts parts : poolOrder) {
            if (parts.stuck()) {
                seeds.addAll(parts.workers);
            }
        }
        return seeds;
    }

    private static boolean isParked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    /** Every live platform thread, from the root thread group: unlike a stack dump, no safepoint. */
    private static List<Thread> liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] found = new Thread[Math.max(16, root.activeCount() * 2)];
        int count;
        while ((count = root.enumerate(found, true)) == found.length) {
            found = new Thread[found.length * 2];
        }
        List<Thread> threads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            threads.add(found[i]);
        }
        return threads;
    }

    private Long keyOf(Object future) {
        Long key = futureKeys.get(future);
        if (key == null) {
            key = (long) futures.size() + 1;
            futureKeys.put(future, key);
            futures.add(future);
        }
        return key;
    }

    /**
     * Copies a stuck pool's queue (the one moment its submitters and workers are held up) and notes, for
     * each awaited future and each async stage's future, that this pool holds the task completing it.
     */
    private void readQueue(PoolParts parts) {
        long start = System.nanoTime();
        Object[] tasks = parts.pool.getQueue().toArray();
        long took = System.nanoTime() - start;
        pauseNanos += took;
        longestNanos = Math.max(longestNanos, took);
        parts.queued = tasks.length;
        for (Object task : tasks) {
            Object current = task;
            for (int depth = 0; current != null && depth < MAX_UNWRAP; depth++) {
                if (futureKeys.containsKey(current)) {
                    queuedIn.putIfAbsent(current, parts.key);
                }
                Object stage = fields.stageFuture(current);
                if (stage != null) {
                    queuedIn.putIfAbsent(stage, parts.key); // a stage future: kept only if a Signaller waits on it
                    break;
                }
                current = fields.wrapped(current);
            }
        }
    }

    /**
     * A thread waiting in {@code CompletableFuture.get/join} is parked on a Signaller, which does not name
     * its future; the future's stack of waiters does. Only the futures of stages queued in stuck pools
     * are searched: a stage queued nowhere stuck (or running) is progress anyway.
     */
    private Map<Object, CompletableFuture<?>> signallers() {
        Map<Object, CompletableFuture<?>> found = new IdentityHashMap<>();
        for (Object queued : new ArrayList<>(queuedIn.keySet())) {
            if (!(queued instanceof CompletableFuture)) {
                continue;
            }
            CompletableFuture<?> future = (CompletableFuture<?>) queued;
            int steps = 0;
            for (Object c = fields.stackOf(future); c != null && steps < 10_000; c = fields.next(c), steps++) {
                if (c.getClass() == fields.signaller) {
                    found.put(c, future);
                    keyOf(future);
                }
            }
        }
        return found;
    }

    private static long idOf(Thread thread) {
        @SuppressWarnings("deprecation") // threadId() is JDK 19+; getId() is the same number
        long id = thread.getId();
        return id;
    }

    /** {@code toString()} runs the application's code (a task's own toString): guarded and cut. */
    static String describe(Object task) {
        String text;
        try {
            text = String.valueOf(task);
        } catch (Throwable broken) {
            text = task.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(task));
        }
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }

    /** One pool while the snapshot is taken. */
    private static final class PoolParts {
        final ThreadPoolExecutor pool;
        final String key;
        final String firstWorker;
        final int sequence;
        final List<Thread> workers = new ArrayList<>();
        final int size;
        final int core;
        final int max;
        final boolean bounded;
        boolean allBusy = true;
        int queued;

        PoolParts(ThreadPoolExecutor pool, String key, String firstWorker, int sequence) {
            this.pool = pool;
            this.key = key;
            this.firstWorker = firstWorker;
            this.sequence = sequence;
            this.size = pool.getPoolSize();
            this.core = pool.getCorePoolSize();
            this.max = pool.getMaximumPoolSize();
            this.bounded = pool.getQueue().remainingCapacity() != Integer.MAX_VALUE;
            this.queued = pool.getQueue().size();
        }

        /** No idle worker and no room for one: the only pools whose queues can matter. */
        boolean stuck() {
            return allBusy && !(size > workers.size() || size < core || size < max && bounded);
        }

        PoolShot shot() {
            List<Long> ids = new ArrayList<>();
            for (Thread worker : workers) {
                ids.add(idOf(worker));
            }
            return new PoolShot(key, dev.poolguard.bootstrap.pools.PoolRecord.idOf(pool.getClass(), sequence, firstWorker), pool.getClass().getName(),
                    size, core, max, bounded, queued, ids);
        }
    }

}
