package dev.poolguard.bootstrap.stalls;

import dev.poolguard.bootstrap.EventSink;
import dev.poolguard.bootstrap.Faults;
import dev.poolguard.bootstrap.Privileged;
import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.shutdown.ForkJoinShutdown;
import dev.poolguard.bootstrap.shutdown.ShutdownGuard;
import dev.poolguard.bootstrap.waits.DeadlockNotingSink;
import dev.poolguard.bootstrap.waits.DeadlockReport;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Delayed;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import dev.poolguard.bootstrap.Faults.Feature;

/**
 * Watches for stalls (docs/contract.md, {@code stall}): a pool with a queued task that has not started
 * for the {@code stall} time while every worker of the pool is blocked.
 *
 * <p>Costs nothing on a task's path: no rewritten method does anything for it. One daemon thread,
 * {@value #THREAD_NAME}, started when the first pool gets a worker (never with {@code stall=off}),
 * samples every active pool every {@link #intervalNanos} (a quarter of the stall time, at most 1 s): an
 * empty queue is one read, a non-empty one a {@code peek} (and, while its head stays the same, the
 * pool's completed count), remembered per pool by a {@link StallClock}. Only a head that stayed
 * {@code stall}-long makes it look at the pool's workers (thread states, then stacks). ForkJoinPools are
 * found through their live worker threads (one walk of the threads per sample) and judged by their
 * queued count and steal count. It holds pools and tasks only weakly, stops when shutdown begins, and a
 * failure inside it switches stalls off (said once, as every poolguard fault).
 */
@SuppressWarnings("removal") // getSecurityManager: null on 25, and on 17 unless the application set one
public final class StallWatch {
    static final String THREAD_NAME = "poolguard-stall-watch";
    /** Bounds the memory of deadlocked pools (pool ids are finite, but a generated program may not be). */
    private static final int MAX_REMEMBERED = 10_000;
    /** The FJ "head": a ForkJoinPool shows no queued task, only how many there are. */
    private static final Object FORK_JOIN_QUEUED = new Object();

    private final PoolRegistry registry;
    private final ShutdownGuard shutdown;
    private volatile long stallNanos;
    private volatile EventSink sink = EventSink.NONE;
    private final AtomicBoolean started = new AtomicBoolean();
    /** The pools in a reported deadlock, by id, and when it was reported (System.nanoTime). */
    private final Map<String, Long> deadlocked = new ConcurrentHashMap<>();
    /** Read and written by the watcher thread only (or a test's calls to {@link #sample}). */
    private Map<PoolRecord, StallClock> clocks = new IdentityHashMap<>();
    private final Map<ForkJoinPool, StallClock> forkJoinClocks = new WeakHashMap<>();

    public StallWatch(PoolRegistry registry, ShutdownGuard shutdown) {
        this.registry = registry;
        this.shutdown = shutdown;
    }

    /** Where stalls are reported. */
    public void connect(EventSink eventSink) {
        this.sink = eventSink;
    }

    /**
     * Starts watching with this stall time, or not at all when {@code stallMillis <= 0} ({@code stall=off}).
     * The thread starts when the first pool gets a worker (now, if one has already).
     */
    public void watch(long stallMillis) {
        stallNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0L, stallMillis));
        if (stallNanos <= 0L) {
            return;
        }
        registry.onPoolActivated(new Runnable() { // a class, not a lambda: nothing to link at start-up
            @Override
            public void run() {
                poolTracked();
            }
        });
        if (!registry.activePools().isEmpty()) {
            poolTracked();
        }
    }

    /** A sink for the deadlock watch that notes here which pools its deadlocks hold. */
    public EventSink noting(EventSink next) {
        return new DeadlockNotingSink(next, this);
    }

    /** The stall time in nanoseconds, 0 when off. */
    long stallNanos() {
        return stallNanos;
    }

    /** Between samples: a quarter of the stall time, at most a second, at least 10 ms. */
    static long intervalNanos(long stallNanos) {
        return Math.max(10_000_000L, Math.min(stallNanos / 4, 1_000_000_000L));
    }

    /** A pool got its first worker (on that spawning thread): the first one starts the watcher. */
    void poolTracked() {
        if (started.get() || stallNanos <= 0L || !Feature.STALL_WATCH.enabled()) {
            return;
        }
        if (started.compareAndSet(false, true)) {
            try {
                if (System.getSecurityManager() == null) {
                    startThread(); // no method reference to link on an application's spawn
                } else {
                    Privileged.run(this::startThread);
                }
            } catch (Throwable fault) {
                Faults.suppressed(Feature.STALL_WATCH, fault);
            }
        }
    }

    /**
     * In the root thread group, without the spawning thread's inheritable thread-locals or context class
     * loader, and with poolguard's own permissions (created inside {@link Privileged}): started from an
     * application thread, it must not keep that thread's class loader or values alive.
     */
    private void startThread() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread thread = new Thread(root, new Runnable() {
            @Override
            public void run() {
                watchLoop();
            }
        }, THREAD_NAME, 0L, false);
        thread.setDaemon(true);
        thread.setContextClassLoader(null);
        thread.start();
    }

    private void watchLoop() {
        try {
            while (true) {
                long stall = stallNanos;
                if (stall <= 0L) {
                    return;
                }
                LockSupport.parkNanos(this, intervalNanos(stall));
                if (shutdown.began() || !Feature.STALL_WATCH.enabled()) {
                    return; // the drain and shutdown-end own the pools from now on
                }
                sample(System.nanoTime());
            }
        } catch (Throwable fault) {
            Faults.suppressed(Feature.STALL_WATCH, fault);
        }
    }

    /** One look at every pool at {@code now}; reports the stalls it finds. Public for tests and benchmarks. */
    public void sample(long now) {
        Faults.trip(Feature.STALL_WATCH);
        if (Feature.WORKER_TRACKING.enabled()) {
            sampleThreadPools(now);
        }
        sampleForkJoinPools(now);
    }

    private void sampleThreadPools(long now) {
        Map<PoolRecord, StallClock> before = clocks;
        Map<PoolRecord, StallClock> after = new IdentityHashMap<>();
        for (PoolRecord record : registry.activePoolsNow()) {
            ThreadPoolExecutor pool = record.pool();
            if (pool == null || record.jdkInternal()) {
                continue; // collected, or the JDK's own (its delay scheduler): never a finding
            }
            StallClock clock = before.get(record);
            if (clock == null) {
                clock = new StallClock(stallNanos);
            }
            after.put(record, clock); // pools without a worker now drop out, and start afresh when they return
            BlockingQueue<Runnable> queue = pool.getQueue();
            Object head = queue.isEmpty() ? null : queue.peek();
            if (head instanceof Delayed delayed && delayed.getDelay(TimeUnit.NANOSECONDS) > 0L) {
                head = null; // a timer not due yet is not waiting to start
            }
            long completed = clock.sameHead(head) ? pool.getCompletedTaskCount() : StallClock.NOT_READ;
            if (clock.sample(now, head, completed) == StallClock.Step.LOOK) {
                StallReport report = StallLook.threadPool(record, pool, clock.waitedMillis(now));
                decide(record.id(), clock, report);
            }
        }
        clocks = after;
    }

    /**
     * ForkJoinPools have no record: they are found through their live workers, each sample. A pool with
     * fewer workers than its parallelism can still start one for its queued work, so it is not stalled.
     */
    private void sampleForkJoinPools(long now) {
        Map<ForkJoinPool, List<ForkJoinWorkerThread>> pools = ForkJoinShutdown.poolsNow();
        forkJoinClocks.keySet().retainAll(pools.keySet());
        for (Map.Entry<ForkJoinPool, List<ForkJoinWorkerThread>> entry : pools.entrySet()) {
            ForkJoinPool pool = entry.getKey();
            StallClock clock = forkJoinClocks.get(pool);
            if (clock == null) {
                clock = new StallClock(stallNanos);
                forkJoinClocks.put(pool, clock);
            }
            long queued = pool.getQueuedSubmissionCount() + pool.getQueuedTaskCount();
            // a task starting shows as a steal (a worker taking a submission or another's task)
            if (clock.sample(now, queued > 0 ? FORK_JOIN_QUEUED : null, pool.getStealCount()) == StallClock.Step.LOOK
                    && entry.getValue().size() >= pool.getParallelism()) {
                StallReport report = StallLook.forkJoin(pool, entry.getValue(), queued, clock.waitedMillis(now));
                decide(ForkJoinShutdown.id(pool), clock, report);
            }
        }
    }

    /** Reports the stall, once, unless a reported deadlock holds the pool already; null: not stalled now. */
    private void decide(String poolId, StallClock clock, StallReport report) {
        if (report == null) {
            return; // some worker is not blocked: look again at the next sample
        }
        clock.reported();
        Long deadlockAt = deadlocked.get(poolId);
        if (deadlockAt != null && clock.explainedBy(deadlockAt)) {
            return; // reported as a deadlock already: the contract says a pool in a deadlock is not also a stall
        }
        if (!shutdown.began()) {
            sink.stall(report);
        }
    }

    /** A deadlock was reported: its pools are not reported again as stalled until work starts in them. */
    public void deadlockReported(DeadlockReport report) {
        long now = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (DeadlockReport.PoolInfo pool : report.pools()) {
            ids.add(pool.id());
        }
        for (DeadlockReport.ThreadInfo thread : report.threads()) {
            if (thread.pool() != null) {
                ids.add(thread.pool());
            }
        }
        if (deadlocked.size() + ids.size() > MAX_REMEMBERED) {
            deadlocked.clear(); // forget old deadlocks rather than grow: at worst a pool is reported twice
        }
        for (String id : ids) {
            deadlocked.put(id, now);
        }
    }

    /** Whether the watcher thread was started (for tests). */
    boolean started() {
        return started.get();
    }
}
