package dev.poolguard.bootstrap.pools;

import dev.poolguard.bootstrap.SelfTest;
import dev.poolguard.bootstrap.shutdown.ForkJoinShutdown;
import dev.poolguard.bootstrap.waits.ForkJoinWaits;
import dev.poolguard.bootstrap.waits.WaitGraph;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What poolguard knows of one pool. It holds the pool only weakly: a pool that the application drops
 * is collected as if poolguard were not there, and its record goes with it.
 */
public final class PoolRecord {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final WeakReference<ThreadPoolExecutor> pool;
    /** For the record of a {@code ForkJoinPool} ({@link ForkJoinWaits}): the pool; null for an executor's. */
    private final WeakReference<java.util.concurrent.ForkJoinPool> forkJoin;
    /** Taken at first sight, so ids follow the order pools appeared; the text is built on first use. */
    private final int sequence;
    private final Class<?> type;
    /**
     * The first worker's name (shared with its thread, not copied), for the id; null until there is one (a
     * record is made at a pool's first submission, just before its first worker).
     */
    private volatile String firstWorkerName;
    private volatile String id;
    private final boolean jdkInternal;
    private static final WorkerRecord[] NO_WORKERS = new WorkerRecord[0];
    /**
     * The live workers, copied on write: a wait's check reads them without allocating or locking, and
     * writes (a spawn, an exit) are rare next to reads and already cost a thread's start or end.
     * Written only under this record's lock, by the registry.
     */
    private volatile WorkerRecord[] workers = NO_WORKERS;
    public final AtomicInteger spawnsRefused = new AtomicInteger();
    /**
     * How many of its workers are in a long wait (in the {@link WaitGraph}): changed only when a wait enters
     * or leaves the graph, so that the search for a stuck pool skips, in one read, every pool with a worker
     * that is not waiting.
     */
    public final AtomicInteger longWaiters = new AtomicInteger();
    /** The threads that handed it tasks: whether it may still grow when only a submission grows it. */
    public final PoolSubmitters submitters = new PoolSubmitters();

    public PoolRecord(ThreadPoolExecutor pool, Thread firstWorker) {
        this.pool = new WeakReference<>(pool);
        this.forkJoin = null;
        this.jdkInternal = isJdkInternal(pool);
        // the install-time self-test's pool takes no number: the application's first pool is still #1
        this.sequence = pool instanceof SelfTest.ProbePool ? 0 : SEQUENCE.incrementAndGet();
        this.firstWorkerName = firstWorker == null ? null : firstWorker.getName();
        this.type = pool.getClass();
    }

    /**
     * A {@code ForkJoinPool}'s record: no worker records (its workers are read from the pool when a check
     * needs them), {@link #pool()} null, and the id its stall events use ({@code ForkJoinPool#common}).
     */
    public PoolRecord(java.util.concurrent.ForkJoinPool pool) {
        this.pool = new WeakReference<>(null);
        this.forkJoin = new WeakReference<>(pool);
        this.jdkInternal = false;
        this.sequence = 0;
        this.type = pool.getClass();
        this.id = ForkJoinShutdown.id(pool);
    }

    /** The {@code ForkJoinPool} of a ForkJoinPool's record, or null (also once it was collected). */
    public java.util.concurrent.ForkJoinPool forkJoinPool() {
        return forkJoin == null ? null : forkJoin.get();
    }

    /**
     * Readable and unique in the process, for example {@code ThreadPoolExecutor#3(pool-2-thread-)}.
     * Built when first asked (a report, a risk), not for every pool: most pools are never named.
     */
    public String id() {
        String built = id;
        if (built == null) {
            // racing first uses build equal strings: no lock needed
            built = idOf(type, sequence, firstWorkerName);
            id = built;
        }
        return built;
    }

    /** The pool, or null once the application dropped it. */
    public ThreadPoolExecutor pool() {
        return pool.get();
    }

    /**
     * Pools the JDK runs for itself (the {@code CompletableFuture} delay scheduler, the HTTP client's
     * pool) are never blocked or drained: the JDK's own shutdown may need them.
     */
    public boolean jdkInternal() {
        return jdkInternal;
    }

    /** The live workers now: an immutable snapshot (for reports and tests). */
    public Set<WorkerRecord> workers() {
        return Set.of(workers);
    }

    /** The live workers now, read without copying: callers must not write to the array. */
    public WorkerRecord[] workersNow() {
        return workers;
    }

    /** Caller holds this record's lock. Returns whether the pool had no worker before. */
    boolean addWorker(WorkerRecord worker) {
        if (firstWorkerName == null) {
            firstWorkerName = worker.thread.getName();
        }
        WorkerRecord[] before = workers;
        workers = CopyOnWriteArrays.plus(before, worker);
        return before.length == 0;
    }

    /** Caller holds this record's lock. Returns whether {@code worker} was the last one. */
    boolean removeWorker(WorkerRecord worker) {
        WorkerRecord[] before = workers;
        WorkerRecord[] after = CopyOnWriteArrays.minus(before, worker, NO_WORKERS);
        workers = after;
        return after != before && after.length == 0;
    }

    /** The simple name; for an anonymous or hidden class (no simple name) the binary name without package. */
    /**
     * A pool's id from its class, its sequence number and its first worker's name, for example
     * {@code ThreadPoolExecutor#3(pool-2-thread-)}; {@code attach} names the pools of a snapshot the same way.
     */
    public static String idOf(Class<?> type, int sequence, String firstWorkerName) {
        return typeName(type) + "#" + sequence + namePrefix(firstWorkerName);
    }

    private static String typeName(Class<?> type) {
        String simple = type.getSimpleName();
        if (!simple.isEmpty()) {
            return simple;
        }
        String name = type.getName();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String namePrefix(String name) {
        if (name == null) {
            return "";
        }
        int end = name.length();
        while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
            end--;
        }
        return end == 0 ? "" : "(" + name.substring(0, end) + ")";
    }

    /**
     * A pool is the JDK's own when its class or its thread factory comes from the JDK, except for the
     * plain executor classes and the factories that {@code Executors} hands to applications.
     */
    public static boolean isJdkInternal(ThreadPoolExecutor pool) {
        Class<?> type = pool.getClass();
        if (type != ThreadPoolExecutor.class && type != java.util.concurrent.ScheduledThreadPoolExecutor.class
                && isJdkClass(type)) {
            return true;
        }
        ThreadFactory factory = pool.getThreadFactory();
        if (factory == null) {
            return false;
        }
        Class<?> factoryType = factory.getClass();
        if (!isJdkClass(factoryType)) {
            return false;
        }
        String name = factoryType.getName();
        return !name.equals("java.util.concurrent.Executors$DefaultThreadFactory")
                && !name.equals("java.util.concurrent.Executors$PrivilegedThreadFactory");
    }

    private static boolean isJdkClass(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }
}
