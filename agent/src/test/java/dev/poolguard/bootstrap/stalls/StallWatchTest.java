package dev.poolguard.bootstrap.stalls;

import dev.poolguard.bootstrap.EventSink;
import dev.poolguard.bootstrap.Faults;
import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.pools.TrackedPool;
import dev.poolguard.bootstrap.shutdown.ForkJoinShutdown;
import dev.poolguard.bootstrap.shutdown.ShutdownGuard;
import dev.poolguard.bootstrap.waits.DeadlockNotingSink;
import dev.poolguard.bootstrap.waits.DeadlockReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stall watch over real pools fed by hand as the rewritten JDK would feed the registry
 * ({@link TrackedPool}), without an agent: samples are taken by calling {@link StallWatch#sample} with
 * chosen times, so nothing here waits for a clock.
 */
@Timeout(60)
class StallWatchTest {
    private static final long STALL_MILLIS = 500;
    private static final long MS = 1_000_000L;
    private static final long T0 = 3_000_000_000L;

    private final PoolRegistry registry = new PoolRegistry();
    private final ShutdownGuard shutdown = new ShutdownGuard(registry);
    private final StallWatch watch = new StallWatch(registry, shutdown);
    private final List<StallReport> stalls = new CopyOnWriteArrayList<>();
    private final List<ThreadPoolExecutor> pools = new ArrayList<>();
    private final List<ForkJoinPool> forkJoinPools = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    /** The latch of the last {@link #latchShape}: counting it down lets its queued party run. */
    private CountDownLatch parties;

    StallWatchTest() {
        watch.connect(sink());
        // the stall time, without the thread: this test takes the samples itself
        watch.watch(STALL_MILLIS);
        registry.onPoolActivated(null);
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        release.countDown();
        for (ThreadPoolExecutor pool : pools) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "a test pool did not stop");
        }
        for (ForkJoinPool pool : forkJoinPools) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "a test pool did not stop");
        }
    }

    /** The latch shape of issue 13: two workers wait on a latch of three whose third party is queued behind them. */
    private TrackedPool latchShape(String name) {
        TrackedPool pool = new TrackedPool(registry, name, 2, new LinkedBlockingQueue<>());
        pools.add(pool);
        CountDownLatch gate = new CountDownLatch(3);
        parties = gate;
        Runnable party = () -> {
            gate.countDown();
            await(gate);
        };
        pool.execute(TrackedPool.named("party-1", party));
        pool.execute(TrackedPool.named("party-2", party));
        pool.execute(TrackedPool.named("party-3", party));
        awaitWorkersParked(pool, "party-");
        return pool;
    }

    @Test
    void theLatchShapeIsOneStallNamingTheLatchForEachWorker() {
        TrackedPool pool = latchShape("latch");
        watch.sample(T0);
        watch.sample(T0 + 250 * MS);
        assertEquals(List.of(), stalls, "not before the stall time");
        watch.sample(T0 + STALL_MILLIS * MS);
        assertEquals(1, stalls.size(), () -> "one stall: " + stalls);
        StallReport stall = stalls.get(0);
        assertEquals(pool.record(registry).id(), stall.pool());
        assertEquals(1, stall.queued());
        assertEquals(STALL_MILLIS, stall.oldestQueuedMillis());
        assertEquals(2, stall.threads().size());
        for (StallReport.Worker worker : stall.threads()) {
            assertTrue(worker.thread().startsWith("latch-"), worker::toString);
            assertTrue(worker.task().startsWith("party-"), worker::toString);
            // (the site, the first frame outside the JDK and poolguard, is this test's in dev.poolguard.bootstrap:
            // poolguard's own package, so it is skipped here; StallWordsTest and the ITs check sites)
            assertTrue(worker.blockedOn().startsWith("a CountDownLatch (count 1), at "), worker::blockedOn);
            assertTrue(worker.stack().length > 0, "a stack (cut below this test's frames, which are in poolguard's package)");
        }
        for (int i = 1; i <= 8; i++) {
            watch.sample(T0 + (STALL_MILLIS + 250 * i) * MS);
        }
        assertEquals(1, stalls.size(), "reported once until a queued task starts");
    }

    @Test
    void workThatStartsAgainRearmsTheReport() throws InterruptedException {
        TrackedPool pool = latchShape("again");
        watch.sample(T0);
        watch.sample(T0 + STALL_MILLIS * MS);
        assertEquals(1, stalls.size());
        parties.countDown(); // frees the parties: the queued one starts, the pool empties
        CountDownLatch second = new CountDownLatch(1);
        pool.execute(TrackedPool.named("block-1", () -> await(second)));
        pool.execute(TrackedPool.named("block-2", () -> await(second)));
        pool.execute(TrackedPool.named("behind", () -> { }));
        awaitWorkersParked(pool, "block-");
        watch.sample(T0 + 2_000 * MS);
        watch.sample(T0 + 2_400 * MS);
        assertEquals(1, stalls.size());
        watch.sample(T0 + 2_500 * MS);
        assertEquals(2, stalls.size(), () -> "a new stall after work started: " + stalls);
        second.countDown();
    }

    @Test
    void aPoolReportedInADeadlockIsNotAlsoAStall() {
        TrackedPool pool = latchShape("deadlocked");
        watch.sample(T0);
        watch.deadlockReported(new DeadlockReport("STARVATION", false, List.of(),
                List.of(new DeadlockReport.PoolInfo(pool.record(registry).id(), "t", 2, 2, 1))));
        watch.sample(T0 + STALL_MILLIS * MS);
        watch.sample(T0 + 2 * STALL_MILLIS * MS);
        assertEquals(List.of(), stalls);
    }

    @Test
    void aWorkerAtWorkMeansNoStall() {
        TrackedPool pool = new TrackedPool(registry, "busy", 2, new LinkedBlockingQueue<>());
        pools.add(pool);
        AtomicBoolean spin = new AtomicBoolean(true);
        CountDownLatch spinning = new CountDownLatch(1);
        pool.execute(TrackedPool.named("blocked", () -> await(release)));
        pool.execute(TrackedPool.named("computing", () -> {
            spinning.countDown();
            while (spin.get()) {
                Thread.onSpinWait();
            }
        }));
        pool.execute(TrackedPool.named("queued", () -> { }));
        await(spinning);
        try {
            for (int i = 0; i <= 4; i++) {
                watch.sample(T0 + i * STALL_MILLIS * MS);
            }
        } finally {
            spin.set(false);
        }
        assertEquals(List.of(), stalls);
    }

    @Test
    void blockedWorkersWithNothingQueuedAreNoStall() {
        TrackedPool pool = new TrackedPool(registry, "empty", 2, new LinkedBlockingQueue<>());
        pools.add(pool);
        pool.execute(TrackedPool.named("a", () -> await(release)));
        pool.execute(TrackedPool.named("b", () -> await(release)));
        awaitWorkersParked(pool, "");
        for (int i = 0; i <= 4; i++) {
            watch.sample(T0 + i * STALL_MILLIS * MS);
        }
        assertEquals(List.of(), stalls);
    }

    @Test
    void aForkJoinPoolWhoseWorkersAllWaitIsAStall() {
        ForkJoinPool pool = new ForkJoinPool(2);
        forkJoinPools.add(pool);
        CountDownLatch parties = new CountDownLatch(3);
        Runnable party = () -> {
            parties.countDown();
            await(parties);
        };
        pool.execute(party);
        pool.execute(party);
        awaitParked(pool, 2);
        pool.execute(party);
        watch.sample(T0);
        watch.sample(T0 + STALL_MILLIS * MS);
        StallReport stall = stalls.stream().filter(s -> s.pool().equals(ForkJoinShutdown.id(pool))).findFirst().orElse(null);
        assertNotNull(stall, () -> "a stall of " + ForkJoinShutdown.id(pool) + " in " + stalls);
        assertEquals(1, stall.queued());
        assertEquals(2, stall.threads().size());
        for (StallReport.Worker worker : stall.threads()) {
            assertTrue(worker.blockedOn().startsWith("a CountDownLatch (count 1)"), worker::blockedOn);
            assertTrue(worker.task().contains(StallWatchTest.class.getName()), worker::task);
        }
    }

    @Test
    void theThreadStartsWithTheFirstPoolAndNotWhenOff() throws InterruptedException {
        PoolRegistry offRegistry = new PoolRegistry();
        StallWatch off = new StallWatch(offRegistry, new ShutdownGuard(offRegistry));
        off.watch(0);
        TrackedPool quiet = new TrackedPool(offRegistry, "quiet", 1, new LinkedBlockingQueue<>());
        pools.add(quiet);
        quiet.execute(() -> { });
        assertFalse(off.started(), "stall=off starts no thread");

        PoolRegistry onRegistry = new PoolRegistry();
        StallWatch on = new StallWatch(onRegistry, new ShutdownGuard(onRegistry));
        on.watch(60_000);
        assertFalse(on.started(), "no thread before a pool has a worker");
        TrackedPool first = new TrackedPool(onRegistry, "first", 1, new LinkedBlockingQueue<>());
        pools.add(first);
        first.execute(() -> { });
        assertTrue(on.started());
        Thread watcher = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(StallWatch.THREAD_NAME)).findFirst().orElse(null);
        assertNotNull(watcher);
        assertTrue(watcher.isDaemon(), "never keeps the JVM alive");
        assertEquals(null, watcher.getContextClassLoader(), "keeps no application class loader alive");
    }

    /**
     * A failure inside the watch (here injected, as a bug would throw) is counted, switches stalls off,
     * and ends the watcher thread; the application's pools go on.
     */
    @Test
    void aFailureInsideTheWatchSwitchesStallsOffAndEndsTheThread() {
        PoolRegistry faultRegistry = new PoolRegistry();
        StallWatch faulty = new StallWatch(faultRegistry, new ShutdownGuard(faultRegistry));
        faulty.watch(40);
        long suppressed = Faults.suppressedCount();
        assertTrue(Faults.injectOnce("stall watch"));
        try {
            TrackedPool pool = new TrackedPool(faultRegistry, "faulty", 1, new LinkedBlockingQueue<>());
            pools.add(pool);
            pool.execute(() -> { });
            assertTrue(faulty.started());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (watcherAlive() && System.nanoTime() < deadline) {
                Thread.yield();
            }
            assertFalse(Faults.Feature.STALL_WATCH.enabled(), "stalls are off");
            assertTrue(Faults.suppressedCount() > suppressed, "the failure is counted");
            assertFalse(watcherAlive(), "the watcher thread ended");
        } finally {
            Faults.Feature.STALL_WATCH.injected = false;
            Faults.Feature.STALL_WATCH.disabled = false; // for the other tests of this JVM
        }
    }

    private static boolean watcherAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(StallWatch.THREAD_NAME));
    }

    @Test
    void theDeadlockNotingSinkForwardsEveryMethodOfTheSink() {
        for (Method method : EventSink.class.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            try {
                Method own = DeadlockNotingSink.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
                assertFalse(own.isDefault(), method.toString());
            } catch (NoSuchMethodException missing) {
                throw new AssertionError("DeadlockNotingSink does not forward " + method
                        + ": events of that kind from the deadlock watch would be lost", missing);
            }
        }
    }

    private EventSink sink() {
        return (EventSink) Proxy.newProxyInstance(EventSink.class.getClassLoader(), new Class<?>[] {EventSink.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("stall")) {
                        stalls.add((StallReport) args[0]);
                    }
                    return method.getName().equals("hashCode") ? 0 : method.getName().equals("equals") ? false : null;
                });
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Until every worker of {@code pool} is parked in a task whose name starts with {@code task}. */
    private void awaitWorkersParked(TrackedPool pool, String task) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            PoolRecord record = pool.record(registry);
            if (record != null && record.workers().size() == pool.getCorePoolSize() && record.workers().stream()
                    .allMatch(w -> w.task() != null && w.task().toString().startsWith(task)
                    && WorkerActivity.waiting(w.thread().getState()))) {
                return;
            }
            Thread.yield();
        }
        throw new AssertionError("the workers never parked");
    }

    private static void awaitParked(ForkJoinPool pool, int workers) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            List<java.util.concurrent.ForkJoinWorkerThread> threads = ForkJoinShutdown.poolsNow().get(pool);
            if (threads != null && threads.size() == workers && threads.stream().allMatch(t ->
                    WorkerActivity.waiting(t.getState()) && ForkJoinShutdown.runningFrame(t.getStackTrace()) >= 0)) {
                return;
            }
            Thread.yield();
        }
        throw new AssertionError("the fork/join workers never parked");
    }
}
