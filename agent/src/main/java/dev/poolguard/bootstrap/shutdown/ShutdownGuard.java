package dev.poolguard.bootstrap.shutdown;

import dev.poolguard.bootstrap.EventSink;
import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.pools.WorkerRecord;
import dev.poolguard.bootstrap.waits.Stacks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The shutdown sequence (docs/contract.md, "The shutdown sequence"):
 * <ol>
 * <li>{@link #hooksStarting} (first line of {@code Shutdown.runHooks}): shutdown begins, the trigger is
 *     named from what {@link #exitRequested} and {@link #lastThreadEnded} saw;</li>
 * <li>from then on {@link #refuseSpawn} says no to a new worker of an application pool when the thread
 *     that asks is a pool worker whose current task is not {@link PreShutdownWork pre-shutdown work}
 *     (noted as shutdown begins), or a hook thread when hooks may not spawn;</li>
 * <li>{@link #applicationHooksFinished} (after {@code ApplicationShutdownHooks.runHooks}): with
 *     {@code drain}, application pools accept new tasks only from workers running pre-shutdown work
 *     ({@link #refuseSubmit}), and the drain waits, {@code grace} at most, for running and queued tasks,
 *     ForkJoinPools' included; then {@code shutdown-end} names whatever is left.</li>
 * </ol>
 * No pool is shut down by the drain: a pool that no in-flight request used yet must still be able to
 * start a thread for that request's last step, as it would without the agent.
 * The drain runs on the exiting thread while it holds the JVM's shutdown lock, so a second
 * {@code System.exit} blocks instead of halting the JVM mid-drain. A task that is itself blocked in
 * {@code System.exit} can never finish, so the drain does not wait for it.
 */
public final class ShutdownGuard {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final PoolRegistry registry;
    private volatile ShutdownMode mode = ShutdownMode.OFF;
    private volatile long graceNanos;
    private volatile boolean hookSpawnsAllowed = true;
    private volatile EventSink sink = EventSink.NONE;

    /** Read on every spawn; false until hooks start, so the fast path is one volatile read. */
    private volatile boolean began;
    /** Read on every submission ({@code execute}); false until the drain starts. */
    private volatile boolean draining;
    /** Noted when shutdown begins, before {@link #began} is set; read only after it. */
    private volatile PreShutdownWork preShutdown = PreShutdownWork.NONE;
    /** When the drain started ({@code nanoTime}), valid once {@link #drainStarted}; read by a halt mid-drain. */
    private volatile long drainStart;
    private volatile boolean drainStarted;
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
        ShutdownTrigger trigger = ShutdownTrigger.of(current, status != null, lastThreadCaller);
        preShutdown = PreShutdownWork.noteNow(registry);
        began = true;
        sink.shutdownStarted(trigger, status);
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
     * A pool wants a new worker. Before shutdown: yes. After: no when the thread that asks is a worker of
     * an application pool whose current task is not pre-shutdown work (a chain of tasks each scheduling
     * the next grows by one generation at most), or a hook thread when hooks may not spawn. Any other
     * thread may spawn: a worker finishing pre-shutdown work (an in-flight request whose last step needs
     * a helper pool), a hook thread when allowed, a thread no pool owns. A worker leaving its pool asks
     * for its own replacement after it was forgotten ({@code processWorkerExit}), so as no worker.
     */
    public boolean refuseSpawn(ThreadPoolExecutor pool) {
        if (!began) {
            return false;
        }
        Thread current = Thread.currentThread();
        if (hookThreads.contains(current)) {
            if (hookSpawnsAllowed) {
                return false;
            }
        } else {
            WorkerRecord worker = registry.workerOf(current);
            if (worker == null || preShutdown.contains(worker.task())) {
                return false;
            }
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

    /** Whether the drain runs: then submissions are checked ({@link #refuseSubmit}). One volatile read. */
    public boolean draining() {
        return draining;
    }

    /**
     * In the drain, {@code pool} is given a task: refused (counted in {@code rejected}) unless the
     * submitting thread is a worker whose current task is pre-shutdown work. The JDK's own pools are
     * never refused.
     */
    public boolean refuseSubmit(ThreadPoolExecutor pool) {
        if (!draining) {
            return false;
        }
        WorkerRecord worker = registry.workerOf(Thread.currentThread());
        if (worker != null && preShutdown.contains(worker.task())) {
            return false;
        }
        PoolRecord record = registry.knownPool(pool);
        if (record != null ? record.jdkInternal() : PoolRecord.isJdkInternal(pool)) {
            return false;
        }
        rejected.incrementAndGet();
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
            drainStart = start;
            drainStarted = true;
            expired = !drain(start + graceNanos);
            waited = System.nanoTime() - start;
        }
        finish(TimeUnit.NANOSECONDS.toMillis(waited), expired, null);
    }

    /**
     * {@code Shutdown.halt}: if the end was not written yet, write it now. A hook halted, or a thread
     * called {@code Runtime.halt} while the drain waited (a test runner's exit watchdog whose timer fell
     * due within the grace): the drain lasted until now, and the halting thread is not left undone.
     */
    public void halting() {
        if (began) {
            long drained = drainStarted ? System.nanoTime() - drainStart : 0;
            finish(TimeUnit.NANOSECONDS.toMillis(drained), false, Thread.currentThread());
        }
    }

    /**
     * Lets application pools accept only pre-shutdown work's submissions and waits for them and for
     * ForkJoinPools to settle; false if the deadline passed.
     */
    boolean drain(long deadline) {
        List<PoolRecord> pools = applicationPools();
        startDraining();
        boolean interrupted = Thread.interrupted(); // an interrupt would turn the waits into spins
        try {
            while (true) {
                if (allSettled(pools, deadline)) {
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

    /** From now on submissions are checked; {@link #drain} calls it first (tests call it alone). */
    void startDraining() {
        draining = true;
    }

    private boolean allSettled(List<PoolRecord> pools, long deadline) {
        return DrainSettled.all(pools, applicationPools(), deadline, exitCallers.keySet());
    }

    /** For tests: whether {@code record} is settled ({@link DrainSettled#pool}). */
    public boolean settled(PoolRecord record, long deadline) {
        return DrainSettled.pool(record, deadline, exitCallers.keySet());
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

    private void finish(long drainMillis, boolean graceExpired, Thread halter) {
        synchronized (endLock) {
            if (ended.get()) {
                return;
            }
            writeEnd(drainMillis, graceExpired, halter);
            ended.set(true);
        }
    }

    /** Under {@code endLock}: refusals wait until the end is written, so none is reported after it. */
    private void writeEnd(long drainMillis, boolean graceExpired, Thread halter) {
        ShutdownLeftovers left = ShutdownLeftovers.listNow(applicationPools(), halter);
        sink.shutdownEnded(new ShutdownSummary(drainMillis, graceExpired, spawnsBlocked.get(),
                rejected.get(), left.inFlight, left.queued, left.scheduled));
    }

    /** Whether the guard handles the shutdown at all ({@code shutdown} is not {@code off}). */
    public boolean on() {
        return mode != ShutdownMode.OFF;
    }

    /** For tests: whether shutdown began. */
    public boolean began() {
        return began;
    }
}
