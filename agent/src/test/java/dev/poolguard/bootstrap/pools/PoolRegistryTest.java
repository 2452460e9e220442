package dev.poolguard.bootstrap.pools;

import dev.poolguard.bootstrap.GcSupport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PoolRegistryTest {
    private static final Pattern ID = Pattern.compile("ThreadPoolExecutor#\\d+\\(pool-worker-\\)");

    private final PoolRegistry registry = new PoolRegistry();
    private final List<ThreadPoolExecutor> started = new ArrayList<>();

    @AfterEach
    void stopPools() throws InterruptedException {
        for (ThreadPoolExecutor pool : started) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    private static ThreadPoolExecutor pool(ThreadFactory factory) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory);
    }

    private static ThreadPoolExecutor pool() {
        return pool(Executors.defaultThreadFactory());
    }

    @Test
    void workerCreatedStartedAndGone() {
        ThreadPoolExecutor pool = pool();
        Object worker = new Object();
        Thread thread = new Thread(() -> { }, "pool-worker-1");

        WorkerRecord created = registry.workerCreated(pool, worker, thread);
        PoolRecord record = registry.knownPool(pool);
        assertNotNull(record);
        assertSame(record, created.pool());
        assertSame(thread, created.thread());
        assertSame(pool, record.pool());
        assertEquals(Set.of(created), record.workers());
        assertEquals(1, registry.workerCount());
        assertEquals(1, registry.poolCount());
        assertNull(created.task());

        assertSame(created, registry.workerStarted(pool, worker), "the run loop finds the spawn's record");
        assertEquals(1, registry.workerCount());

        registry.workerGone(worker);
        assertEquals(0, registry.workerCount());
        assertTrue(record.workers().isEmpty());
        assertSame(record, registry.knownPool(pool), "the pool is remembered while it lives");
    }

    @Test
    void aWorkerWhoseSpawnWasNotSeenIsRecordedWhenItStarts() {
        ThreadPoolExecutor pool = pool();
        Object worker = new Object();
        WorkerRecord record = registry.workerStarted(pool, worker);
        assertSame(Thread.currentThread(), record.thread());
        assertSame(registry.knownPool(pool), record.pool());
        assertEquals(1, registry.workerCount());
        registry.workerGone(worker);
        assertEquals(0, registry.workerCount());
    }

    @Test
    void severalWorkersOfOnePoolShareItsRecord() {
        ThreadPoolExecutor pool = pool();
        Object w1 = new Object();
        Object w2 = new Object();
        WorkerRecord r1 = registry.workerCreated(pool, w1, new Thread("pool-worker-1"));
        WorkerRecord r2 = registry.workerCreated(pool, w2, new Thread("pool-worker-2"));
        assertSame(r1.pool(), r2.pool());
        assertEquals(Set.of(r1, r2), r1.pool().workers());
        registry.workerGone(w1);
        assertEquals(Set.of(r2), r1.pool().workers());
        assertEquals(1, registry.poolCount());
    }

    @Test
    void workersLeaveInAnyOrderAndTheRestStay() {
        ThreadPoolExecutor pool = pool();
        Object w1 = new Object();
        Object w2 = new Object();
        Object w3 = new Object();
        WorkerRecord r1 = registry.workerCreated(pool, w1, new Thread("pool-worker-1"));
        WorkerRecord r2 = registry.workerCreated(pool, w2, new Thread("pool-worker-2"));
        WorkerRecord r3 = registry.workerCreated(pool, w3, new Thread("pool-worker-3"));
        PoolRecord record = r1.pool();
        registry.workerGone(w2);
        assertEquals(Set.of(r1, r3), record.workers(), "the middle one left");
        registry.workerGone(w3);
        assertEquals(Set.of(r1), record.workers(), "the last one left");
        registry.workerGone(w3);
        assertEquals(Set.of(r1), record.workers(), "leaving twice changes nothing");
        assertEquals(List.of(record), registry.activePools());
        registry.workerGone(w1);
        assertEquals(0, record.workersNow().length);
        assertTrue(registry.activePools().isEmpty());
    }

    @Test
    void workerGoneForNullOrUnknownWorkersIsHarmless() {
        ThreadPoolExecutor pool = pool();
        Object worker = new Object();
        registry.workerCreated(pool, worker, new Thread("pool-worker-1"));
        registry.workerGone(null);
        registry.workerGone(new Object());
        assertEquals(1, registry.workerCount());
        registry.workerGone(worker);
        registry.workerGone(worker);
        assertEquals(0, registry.workerCount());
    }

    @Test
    void runningMarksTheTaskOfAWorker() {
        WorkerRecord record = registry.workerCreated(pool(), new Object(), new Thread("pool-worker-1"));
        Runnable task = () -> { };
        record.running(task);
        assertSame(task, record.task());
        record.running(null);
        assertNull(record.task());
    }

    @Test
    void poolIdsAreReadableAndUnique() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            PoolRecord record = registry.workerCreated(pool(), new Object(), new Thread("pool-worker-" + i)).pool();
            assertTrue(ID.matcher(record.id()).matches(), record.id());
            assertTrue(ids.add(record.id()), "duplicate id " + record.id());
        }
        // another registry still gives unique ids in the process
        PoolRecord other = new PoolRegistry().workerCreated(pool(), new Object(), new Thread("pool-worker-1")).pool();
        assertTrue(ids.add(other.id()), "duplicate id " + other.id());
    }

    @Test
    void theIdIsStableForThePoolsLife() {
        ThreadPoolExecutor pool = pool();
        PoolRecord first = registry.workerCreated(pool, new Object(), new Thread("a-1")).pool();
        PoolRecord again = registry.workerCreated(pool, new Object(), new Thread("b-2")).pool();
        assertSame(first, again);
        assertEquals(first.id(), again.id());
        assertTrue(first.id().endsWith("(a-)"), first.id());
    }

    @ParameterizedTest(name = "thread ''{0}'' -> suffix ''{1}''")
    @CsvSource(nullValues = "NULL", value = {
            "pool-3-thread-12, (pool-3-thread-)",
            "http-nio-8080-exec-7, (http-nio-8080-exec-)",
            "worker, (worker)",
            "scheduler-, (scheduler-)",
            "42, ''",
    })
    void theIdCarriesTheThreadNamePrefix(String threadName, String suffix) {
        PoolRecord record = registry.workerCreated(pool(), new Object(), new Thread(threadName)).pool();
        assertTrue(record.id().matches("ThreadPoolExecutor#\\d+" + Pattern.quote(suffix)), record.id());
    }

    @Test
    void aPoolFirstSeenWithoutAThreadHasAPlainId() {
        PoolRecord record = registry.pool(pool(), null);
        assertTrue(record.id().matches("ThreadPoolExecutor#\\d+"), record.id());
    }

    @Test
    void theIdNamesTheClassOfASubclass() {
        class AppExecutor extends ThreadPoolExecutor {
            AppExecutor() {
                super(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
            }
        }
        PoolRecord named = registry.pool(new AppExecutor(), new Thread("x-1"));
        assertTrue(named.id().startsWith("AppExecutor#"), named.id());
        assertTrue(registry.pool(new ScheduledThreadPoolExecutor(1), null).id().startsWith("ScheduledThreadPoolExecutor#"));
    }

    /** An anonymous subclass is common ({@code new ThreadPoolExecutor(...) { afterExecute... }}). */
    @Test
    void theIdOfAnAnonymousSubclassIsStillReadable() {
        ThreadPoolExecutor anonymous = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>()) {
            @Override
            protected void afterExecute(Runnable r, Throwable t) {
            }
        };
        String id = registry.pool(anonymous, new Thread("pool-9-thread-1")).id();
        assertFalse(id.startsWith("#"), "the id has no class name: " + id);
    }

    @Test
    void applicationFactoriesAreNotJdkInternal() {
        ThreadFactory lambda = r -> new Thread(r, "app");
        assertFalse(registry.pool(pool(lambda), null).jdkInternal(), "a lambda factory from the application");
        assertFalse(registry.pool(pool(Executors.defaultThreadFactory()), null).jdkInternal(),
                "Executors.defaultThreadFactory()");
        assertFalse(registry.pool(new ScheduledThreadPoolExecutor(1), null).jdkInternal(),
                "a plain ScheduledThreadPoolExecutor");
        assertFalse(registry.pool((ThreadPoolExecutor) Executors.newFixedThreadPool(1), null).jdkInternal(),
                "Executors.newFixedThreadPool");
        assertFalse(registry.pool(pool(new ThreadFactory() {
            @Override
            public Thread newThread(Runnable r) {
                return new Thread(r);
            }
        }), null).jdkInternal(), "an anonymous factory class");
    }

    @SuppressWarnings("removal")
    @Test
    void thePrivilegedFactoryOfExecutorsIsNotJdkInternal() {
        ThreadFactory privileged;
        try {
            privileged = Executors.privilegedThreadFactory();
        } catch (UnsupportedOperationException | SecurityException gone) {
            return; // removed or refused on this JDK: nothing to check
        }
        assertFalse(registry.pool(pool(privileged), null).jdkInternal());
    }

    /**
     * The JDK's own pools (the CompletableFuture delay scheduler) are only reachable through reflection
     * into java.base, which the unit tests do not open. A factory whose class the boot loader defined,
     * and which is not one that {@code Executors} hands out, stands in for them: a proxy defined in the
     * boot loader.
     */
    @Test
    void aPoolWithABootLoaderFactoryIsJdkInternal() {
        ThreadFactory boot = (ThreadFactory) Proxy.newProxyInstance(null, new Class<?>[] {ThreadFactory.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "newThread": return new Thread((Runnable) args[0], "jdk-internal-1");
                        case "hashCode": return System.identityHashCode(proxy);
                        case "equals": return proxy == args[0];
                        default: return "boot factory";
                    }
                });
        assertNull(boot.getClass().getClassLoader(), "the proxy class is a boot loader class");
        assertTrue(registry.pool(pool(boot), null).jdkInternal());
    }

    @Test
    void realWorkersRegisteredFromTheirOwnThread() throws Exception {
        AtomicReference<Thread> made = new AtomicReference<>();
        ThreadPoolExecutor pool = pool(r -> {
            Thread t = new Thread(r, "pool-worker-1");
            made.set(t);
            return t;
        });
        started.add(pool);
        Object worker = new Object();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<WorkerRecord> seen = new AtomicReference<>();
        pool.execute(() -> {
            seen.set(registry.workerStarted(pool, worker));
            done.countDown();
        });
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertSame(made.get(), seen.get().thread());
        assertTrue(ID.matcher(seen.get().pool().id()).matches(), seen.get().pool().id());
        assertEquals(List.of(registry.knownPool(pool)), registry.livePools());
    }

    @Test
    void aPoolIsActiveExactlyWhileItHasAWorker() {
        ThreadPoolExecutor pool = pool();
        ThreadPoolExecutor other = pool();
        Object first = new Object();
        Object second = new Object();
        Object elsewhere = new Object();
        registry.workerCreated(pool, first, new Thread("pool-worker-1"));
        registry.workerCreated(pool, second, new Thread("pool-worker-2"));
        registry.workerCreated(other, elsewhere, new Thread("other-1"));
        PoolRecord record = registry.knownPool(pool);
        assertEquals(Set.of(record, registry.knownPool(other)), new HashSet<>(registry.activePools()));

        registry.workerGone(first);
        assertTrue(registry.activePools().contains(record), "one worker left");
        registry.workerGone(second);
        assertEquals(Set.of(registry.knownPool(other)), new HashSet<>(registry.activePools()));
        assertSame(record, registry.knownPool(pool), "an idle pool is still known, only not active");

        registry.workerCreated(pool, new Object(), new Thread("pool-worker-3"));
        assertTrue(registry.activePools().contains(record), "active again with a new worker");
    }

    @Test
    void runningWorkersAreThoseInTheirLoop() {
        ThreadPoolExecutor pool = pool();
        Object spawned = new Object();
        Object running = new Object();
        registry.workerCreated(pool, spawned, new Thread("pool-worker-1"));
        registry.workerCreated(pool, running, Thread.currentThread());
        WorkerRecord record = registry.workerStarted(pool, running);
        assertEquals(List.of(record), new ArrayList<>(registry.runningWorkers()));
        registry.workerGone(running);
        assertTrue(registry.runningWorkers().isEmpty());
    }

    /** Spawns and exits racing on one pool never leave it active without workers, or idle with one. */
    @Test
    void activityFollowsRacingSpawnsAndExits() throws InterruptedException {
        ThreadPoolExecutor pool = pool();
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> racers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread racer = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 5_000; i++) {
                    Object worker = new Object();
                    registry.workerCreated(pool, worker, Thread.currentThread());
                    registry.workerGone(worker);
                }
            });
            racer.start();
            racers.add(racer);
        }
        start.countDown();
        for (Thread racer : racers) {
            racer.join();
        }
        assertEquals(0, registry.workerCount());
        assertTrue(registry.activePools().isEmpty(), "no worker left, so no active pool");
        Object last = new Object();
        registry.workerCreated(pool, last, new Thread("pool-worker-1"));
        assertEquals(List.of(registry.knownPool(pool)), new ArrayList<>(registry.activePools()));
    }

    @Test
    void droppedPoolsAreForgotten() {
        int pools = 10_000;
        Thread thread = new Thread("pool-worker-1");
        WeakReference<ThreadPoolExecutor> last = registerAndRemove(pools, thread);
        assertEquals(0, registry.workerCount());
        assertTrue(GcSupport.collect(last), "a dropped pool was never collected: the registry holds it");
        assertTrue(GcSupport.gcUntil(() -> registry.poolCount() == 0), "pools left: " + registry.poolCount());
        assertTrue(registry.livePools().isEmpty());
    }

    @Test
    void aLivePoolSurvivesWhileOthersAreDropped() {
        ThreadPoolExecutor kept = pool();
        registry.workerCreated(kept, new Object(), new Thread("pool-worker-1"));
        WeakReference<ThreadPoolExecutor> last = registerAndRemove(1_000, new Thread("pool-worker-1"));
        assertTrue(GcSupport.collect(last));
        assertTrue(GcSupport.gcUntil(() -> registry.poolCount() == 1), "pools left: " + registry.poolCount());
        assertEquals(1, registry.livePools().size());
        assertSame(kept, registry.livePools().get(0).pool());
    }

    /** Registers one worker per new pool and removes it again, as a worker that ends would. */
    private WeakReference<ThreadPoolExecutor> registerAndRemove(int pools, Thread thread) {
        WeakReference<ThreadPoolExecutor> last = null;
        for (int i = 0; i < pools; i++) {
            ThreadPoolExecutor pool = pool();
            Object worker = new Object();
            registry.workerCreated(pool, worker, thread);
            registry.workerStarted(pool, worker);
            registry.workerGone(worker);
            last = new WeakReference<>(pool);
        }
        return last;
    }
}
