package dev.poolguard.bootstrap;

import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private final String id;
    private final boolean jdkInternal;
    final Set<WorkerRecord> workers = ConcurrentHashMap.newKeySet();
    final AtomicInteger spawnsRefused = new AtomicInteger();

    PoolRecord(ThreadPoolExecutor pool, Thread firstWorker) {
        this.pool = new WeakReference<>(pool);
        this.jdkInternal = isJdkInternal(pool);
        this.id = typeName(pool.getClass()) + "#" + SEQUENCE.incrementAndGet() + namePrefix(firstWorker);
    }

    /** Readable and unique in the process, for example {@code ThreadPoolExecutor#3(pool-2-thread-)}. */
    public String id() {
        return id;
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

    public Set<WorkerRecord> workers() {
        return workers;
    }

    /** The simple name; for an anonymous or hidden class (no simple name) the binary name without package. */
    private static String typeName(Class<?> type) {
        String simple = type.getSimpleName();
        if (!simple.isEmpty()) {
            return simple;
        }
        String name = type.getName();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String namePrefix(Thread worker) {
        if (worker == null) {
            return "";
        }
        String name = worker.getName();
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
    static boolean isJdkInternal(ThreadPoolExecutor pool) {
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
