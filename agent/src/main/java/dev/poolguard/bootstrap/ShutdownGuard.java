package dev.poolguard.bootstrap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Delayed;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.poolguard.bootstrap.ShutdownSummary.InFlightTask;
import dev.poolguard.bootstrap.ShutdownSummary.QueuedTask;
import dev.poolguard.bootstrap.ShutdownSummary.ScheduledTask;

/**
 * The shutdown sequence (INTERFACE.md, "The shutdown sequence"):
 * <ol>
 * <li>{@link #hooksStarting} (first line of {@code Shutdown.runHooks}): shutdown begins, the trigger is
 *     named from what {@link #exitRequested} and {@link #lastThreadEnded} saw;</li>
 * <li>from then on {@link #refuseSpawn} says no to every new worker of an application pool, except
 *     for threads running application hooks when those may spawn;</li>
 * <li>{@link #applicationHooksFinished} (after {@code ApplicationShutdownHooks.runHooks}): with
 *     {@code drain}, every pool stops taking work and the drain waits, {@code grace} at most, for
 *     running and queued tasks; then {@code shutdown-end} names whatever is left.</li>
 * </ol>
 * The drain runs on the exiting thread while it holds the JVM's shutdown lock, so a second
 * {@code System.exit} blocks instead of halting the JVM mid-drain. A task that is itself blocked in
 * {@code System.exit} can never finish, so the drain does not wait for it.
 */
public final class ShutdownGuard {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How {@code shutdown-end} names a task a worker took from the queue but had not started. */
    static final String UNMARKED_TASK = "(a task taken from the queue and not yet started)";

    private final PoolRegistry registry;
    private volatile ShutdownMode mode = ShutdownMode.OFF;
    private volatile long graceNanos;
    private volatile boolean hookSpawnsAllowed = true;
    private volatile EventSink sink = EventSink.NONE;

    /** Read on every spawn; false until hooks start, so the fast path is one volatile read. */
    private volatile boolean began;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Orders refusal reports before the end; taken only after shutdown began, never on a task's path. */
    private final Object endLock = new Object();
    private final Map<Thread, Integer> exitCallers = new ConcurrentHashMap<>();
    private volatile Thread lastThreadCaller;
    private volatile Set<Thread> hookThreads = Collections.emptySet();
    private final AtomicInteger spawnsBlocked = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();

    public ShutdownGuard(PoolRegistry registry) {
        this.registry = registry;
    }

    public void configure(ShutdownMode shutdownMode, long graceMillis, boolean allowHookSpawns, EventSink eventSink) {
        this.graceNanos = TimeUnit.MILLISECONDS.toNanos(graceMillis);
        this.hookSpawnsAllowed = allowHookSpawns;
        this.sink = eventSink;
        this.mode = shutdownMode;
    }

    /** {@code Shutdown.exit(status)} was called on this thread (before it takes the shutdown lock). */
    public void exitRequested(int status) {
        exitCallers.put(Thread.currentThread(), status);
    }

    /** {@code Shutdown.shutdown()}: the last non-daemon thread ended. */
    public void lastThreadEnded() {
        lastThreadCaller = Thread.currentThread();
    }

    /** The JVM starts running its shutdown hooks. */
    public void hooksStarting() {
        if (mode == ShutdownMode.OFF || began) {
            return;
        }
        Thread current = Thread.currentThread();
        Integer status = exitCallers.get(current);
        ShutdownTrigger trigger;
        if (status != null) {
            trigger = isSignalHandler(current) ? ShutdownTrigger.SIGNAL : ShutdownTrigger.EXIT;
        } else if (current == lastThreadCaller) {
            trigger = ShutdownTrigger.LAST_THREAD;
        } else {
            trigger = ShutdownTrigger.UNKNOWN;
        }
        began = true;
        sink.shutdownStarted(trigger, status);
    }

    /** The JVM names the thread that handles SIGTERM "SIGTERM handler" (likewise INT, HUP). */
    static boolean isSignalHandler(Thread thread) {
        String name = thread.getName();
        return name.startsWith("SIG") && name.endsWith(" handler");
    }

    /** {@code ApplicationShutdownHooks.runHooks} starts: {@code hooks} maps each hook thread to itself. */
    public void applicationHooksStarting(Object hooks) {
        if (hooks instanceof Map) {
            Set<Thread> threads = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Object key : ((Map<?, ?>) hooks).keySet()) {
                if (key instanceof Thread) {
                    threads.add((Thread) key);
                }
            }
            hookThreads = threads;
        }
    }

    /**
     * A pool wants a new worker. Before shutdown: yes. After: no for application pools, unless the
     * caller is a hook thread and hooks may spawn.
     */
    public boolean refuseSpawn(ThreadPoolExecutor pool) {
        if (!began) {
            return false;
        }
        Thread current = Thread.currentThread();
        if (hookSpawnsAllowed && hookThreads.contains(current)) {
            return false;
        }
        PoolRecord record = registry.pool(pool, null);
        if (record.jdkInternal()) {
            return false;
        }
        record.spawnsRefused.incrementAndGet();
        synchronized (endLock) {
            if (!ended.get()) { // shutdown-end is the last word, and counts exactly what came before it
                spawnsBlocked.incrementAndGet();
                sink.spawnBlocked(record.id(), current.getName(), Stacks.here());
            }
        }
        return true;
    }

    /** A pool rejected a task; counted when shutdown is the reason. */
    public void rejected(ThreadPoolExecutor pool) {
        if (!began) {
            return;
        }
        PoolRecord record = registry.knownPool(pool);
        if (record != null && record.jdkInternal()) {
            return;
        }
        if (pool.isShutdown() || (record != null && record.spawnsRefused.get() > 0)) {
            rejected.incrementAndGet();
        }
    }

    /** The application's hooks are done: drain if asked, then write the end. */
    public void applicationHooksFinished() {
        if (!began) {
            return;
        }
        long waited = 0;
        boolean expired = false;
        if (mode == ShutdownMode.DRAIN) {
            long start = System.nanoTime();
            expired = !drain(start + graceNanos);
            waited = System.nanoTime() - start;
        }
        finish(TimeUnit.NANOSECONDS.toMillis(waited), expired);
    }

    /** {@code Shutdown.halt}: if the end was not written yet (a hook halted), write it now. */
    public void halting() {
        if (began) {
            finish(0, false);
        }
    }

    /** Stops every application pool taking work and waits for them; false if the deadline passed. */
    boolean drain(long deadline) {
        List<PoolRecord> pools = applicationPools();
        for (PoolRecord record : pools) {
            ThreadPoolExecutor pool = record.pool();
            if (pool != null && !pool.isShutdown()) {
                try {
                    pool.shutdown();
                } catch (RuntimeException refused) {
                    // a subclass or a security manager said no; the pool is waited for all the same
                }
            }
        }
        boolean interrupted = Thread.interrupted(); // an interrupt would turn the waits into spins
        try {
            while (true) {
                boolean settled = true;
                for (PoolRecord record : pools) {
                    if (!settled(record, deadline)) {
                        settled = false;
                        break;
                    }
                }
                if (settled) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(Math.min(left, POLL_NANOS));
                Thread.interrupted();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A pool is settled when nothing it holds can still make progress before {@code deadline}. Once it
     * is shut down, that means every worker that is not stuck in {@code System.exit} has exited (an idle
     * worker of a shut-down pool exits at once, so a live one is running a task, or has just taken one
     * from the queue and not started it yet, a moment nothing else shows), or is only waiting for delayed
     * tasks not due before the deadline. A pool with no able worker left is settled too: its queue can
     * never be served. A pool that refused to shut down is judged by what it shows: no task running but
     * stuck ones, and nothing queued that is due.
     */
    boolean settled(PoolRecord record, long deadline) {
        ThreadPoolExecutor pool = record.pool();
        if (pool == null || pool.isTerminated()) {
            return true;
        }
        int able = 0;
        int ableBusy = 0;
        int stuckActive = 0;
        for (WorkerRecord worker : record.workersNow()) {
            if (!worker.thread.isAlive() && worker.thread.getState() != Thread.State.NEW) {
                continue;
            }
            if (exitCallers.containsKey(worker.thread)) {
                if (worker.task() != null) {
                    stuckActive++;
                }
            } else {
                able++;
                if (worker.task() != null) {
                    ableBusy++;
                }
            }
        }
        if (able == 0) {
            return true;
        }
        List<Runnable> pending = pendingTasks(pool);
        boolean onlyTimersLeft = !pending.isEmpty() && dueAfter(pending, deadline);
        if (pool.isShutdown()) {
            return ableBusy == 0 && onlyTimersLeft;
        }
        return pool.getActiveCount() - stuckActive <= 0 && (pending.isEmpty() || onlyTimersLeft);
    }

    /** Whether every task is a delayed one that falls due after {@code deadline} (nanoTime). */
    private static boolean dueAfter(List<Runnable> tasks, long deadline) {
        long left = deadline - System.nanoTime();
        for (Runnable task : tasks) {
            if (!(task instanceof Delayed) || ((Delayed) task).getDelay(TimeUnit.NANOSECONDS) <= left) {
                return false;
            }
        }
        return true;
    }

    private List<PoolRecord> applicationPools() {
        List<PoolRecord> pools = new ArrayList<>();
        for (PoolRecord record : registry.livePools()) {
            if (!record.jdkInternal()) {
                pools.add(record);
            }
        }
        return pools;
    }

    /** Queued tasks that will still run if a worker takes them (cancelled ones will not). */
    private static List<Runnable> pendingTasks(ThreadPoolExecutor pool) {
        List<Runnable> pending = new ArrayList<>();
        for (Object queued : pool.getQueue().toArray()) {
            if (queued instanceof Future && ((Future<?>) queued).isDone()) {
                continue;
            }
            pending.add((Runnable) queued);
        }
        return pending;
    }

    private void finish(long drainMillis, boolean graceExpired) {
        synchronized (endLock) {
            if (ended.get()) {
                return;
            }
            writeEnd(drainMillis, graceExpired);
            ended.set(true);
        }
    }

    /** Under {@code endLock}: refusals wait until the end is written, so none is reported after it. */
    private void writeEnd(long drainMillis, boolean graceExpired) {
        List<InFlightTask> inFlight = new ArrayList<>();
        List<QueuedTask> queued = new ArrayList<>();
        List<ScheduledTask> scheduled = new ArrayList<>();
        for (PoolRecord record : applicationPools()) {
            ThreadPoolExecutor pool = record.pool();
            if (pool == null) {
                continue;
            }
            List<Runnable> pending = pendingTasks(pool);
            for (WorkerRecord worker : record.workersNow()) {
                Runnable task = worker.task();
                Thread.State state = worker.thread.getState();
                if (state == Thread.State.NEW) {
                    if (task != null) {
                        // handed to a worker whose thread never got to start: it never ran
                        queued.add(new QueuedTask(record.id(), TaskDescriber.describe(task)));
                    }
                } else if (state == Thread.State.TERMINATED) {
                    continue;
                } else if (task != null) {
                    inFlight.add(new InFlightTask(record.id(), worker.thread.getName(),
                            TaskDescriber.describe(task), Stacks.of(worker.thread)));
                } else if (pool.isShutdown() && pending.isEmpty() && !exitCallers.containsKey(worker.thread)) {
                    // a worker of a shut-down pool with an empty queue lives on only while it holds work:
                    // here one it has taken from the queue (inside the queue's own take), not yet started
                    inFlight.add(new InFlightTask(record.id(), worker.thread.getName(), UNMARKED_TASK,
                            Stacks.of(worker.thread)));
                }
            }
            for (Runnable task : pending) {
                long due = task instanceof Delayed ? ((Delayed) task).getDelay(TimeUnit.MILLISECONDS) : 0;
                if (due > 0) {
                    scheduled.add(new ScheduledTask(record.id(), TaskDescriber.describe(task), due));
                } else {
                    queued.add(new QueuedTask(record.id(), TaskDescriber.describe(task)));
                }
            }
        }
        sink.shutdownEnded(new ShutdownSummary(drainMillis, graceExpired, spawnsBlocked.get(),
                rejected.get(), inFlight, queued, scheduled));
    }

    /** For tests: whether shutdown began. */
    public boolean began() {
        return began;
    }
}
