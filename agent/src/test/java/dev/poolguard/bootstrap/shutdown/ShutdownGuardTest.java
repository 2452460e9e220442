package dev.poolguard.bootstrap.shutdown;

import dev.poolguard.bootstrap.RecordingSink;
import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.pools.TrackedPool;
import dev.poolguard.bootstrap.pools.WorkerRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.poolguard.bootstrap.RecordingSink.Blocked;
import dev.poolguard.bootstrap.RecordingSink.Started;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary.InFlightTask;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary.QueuedTask;

/** The shutdown sequence, fed by hand as the rewritten JDK would feed it. */
@Timeout(60)
class ShutdownGuardTest {
    private static final long LONG_GRACE = TimeUnit.MINUTES.toMillis(1);

    private final PoolRegistry registry = new PoolRegistry();
    private final ShutdownGuard guard = new ShutdownGuard(registry);
    private final RecordingSink sink = new RecordingSink();
    private final List<ThreadPoolExecutor> pools = new ArrayList<>();
    private final List<CountDownLatch> latches = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (CountDownLatch latch : latches) {
            while (latch.getCount() > 0) {
                latch.countDown();
            }
        }
        for (ThreadPoolExecutor pool : pools) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "a test pool did not stop");
        }
    }

    private CountDownLatch latch() {
        CountDownLatch latch = new CountDownLatch(1);
        latches.add(latch);
        return latch;
    }

    private TrackedPool trackedPool(String name, int threads) {
        return trackedPool(name, threads, new LinkedBlockingQueue<>());
    }

    private TrackedPool trackedPool(String name, int threads, BlockingQueue<Runnable> queue) {
        TrackedPool pool = new TrackedPool(registry, name, threads, queue);
        pools.add(pool);
        return pool;
    }

    /** A pool the registry knows (a worker of it was recorded), with no thread running. */
    private ThreadPoolExecutor knownPool(String threadName, ThreadFactory factory) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), factory);
        Object worker = new Object();
        registry.workerCreated(pool, worker, new Thread(threadName));
        registry.workerGone(worker); // known, with no worker left (a never-started thread would be waited for)
        return pool;
    }

    private ThreadPoolExecutor knownPool(String threadName) {
        return knownPool(threadName, r -> new Thread(r, threadName));
    }

    private static ThreadFactory bootLoaderFactory() {
        return (ThreadFactory) Proxy.newProxyInstance(null, new Class<?>[] {ThreadFactory.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "newThread": return new Thread((Runnable) args[0], "jdk-internal");
                        case "hashCode": return System.identityHashCode(proxy);
                        case "equals": return proxy == args[0];
                        default: return "boot factory";
                    }
                });
    }

    /** Runs {@code body} on a new thread with {@code name} and waits for it; its failures are rethrown. */
    private static <T> T onThread(String name, java.util.concurrent.Callable<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(body.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, name);
        thread.start();
        thread.join();
        if (failure.get() instanceof Exception) {
            throw (Exception) failure.get();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        return result.get();
    }

    private void begin(ShutdownMode mode, long graceMillis, boolean allowHookSpawns) {
        guard.configure(mode, graceMillis, allowHookSpawns, sink.sink);
        guard.hooksStarting();
        assertTrue(guard.began());
    }

    private ShutdownSummary onlySummary() {
        assertEquals(1, sink.ended.size(), "exactly one shutdown-end");
        return sink.ended.get(0);
    }

    // ---- before shutdown -------------------------------------------------------------------------

    @Test
    void beforeHooksStartNothingIsRefusedOrReported() {
        guard.configure(ShutdownMode.DRAIN, LONG_GRACE, false, sink.sink);
        ThreadPoolExecutor pool = knownPool("app-1");
        guard.exitRequested(1);
        assertFalse(guard.refuseSpawn(pool));
        assertFalse(guard.refuseSpawn(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>())));
        guard.rejected(pool);
        guard.applicationHooksFinished();
        guard.halting();
        assertFalse(guard.began());
        assertFalse(pool.isShutdown(), "no drain before shutdown began");
        assertTrue(sink.started.isEmpty());
        assertTrue(sink.blocked.isEmpty());
        assertTrue(sink.ended.isEmpty());
    }

    @Test
    void anUnconfiguredGuardIsOff() {
        guard.exitRequested(0);
        guard.hooksStarting();
        assertFalse(guard.began());
        assertFalse(guard.refuseSpawn(knownPool("app-1")));
    }

    // ---- the trigger -----------------------------------------------------------------------------

    @ParameterizedTest(name = "exit({1}) on ''{0}'' -> {2}")
    @CsvSource({
            "main, 3, EXIT",
            "worker-7, 0, EXIT",
            "SIGTERM handler, 143, SIGNAL",
            "SIGINT handler, 130, SIGNAL",
            "SIGHUP handler, 129, SIGNAL",
            "SIGTERM, 143, EXIT",
            "my SIGTERM handler, 1, EXIT",
    })
    void theTriggerOfAnExit(String threadName, int status, ShutdownTrigger trigger) throws Exception {
        guard.configure(ShutdownMode.REPORT, 0, true, sink.sink);
        onThread(threadName, () -> {
            guard.exitRequested(status);
            guard.hooksStarting();
            return null;
        });
        assertEquals(List.of(new Started(trigger, status)), sink.started);
        assertTrue(guard.began());
    }

    @Test
    void theLastThreadEndingOnTheSameThread() throws Exception {
        guard.configure(ShutdownMode.DRAIN, LONG_GRACE, true, sink.sink);
        onThread("DestroyJavaVM", () -> {
            guard.lastThreadEnded();
            guard.hooksStarting();
            return null;
        });
        assertEquals(List.of(new Started(ShutdownTrigger.LAST_THREAD, null)), sink.started);
    }

    @Test
    void anExitOnAnotherThreadIsUnknown() throws Exception {
        guard.configure(ShutdownMode.DRAIN, LONG_GRACE, true, sink.sink);
        onThread("exiter", () -> {
            guard.exitRequested(5);
            return null;
        });
        onThread("DestroyJavaVM", () -> {
            guard.hooksStarting();
            return null;
        });
        assertEquals(List.of(new Started(ShutdownTrigger.UNKNOWN, null)), sink.started);
    }

    @Test
    void theLastThreadEndingOnAnotherThreadIsUnknown() throws Exception {
        guard.configure(ShutdownMode.DRAIN, LONG_GRACE, true, sink.sink);
        onThread("DestroyJavaVM", () -> {
            guard.lastThreadEnded();
            return null;
        });
        guard.hooksStarting();
        assertEquals(List.of(new Started(ShutdownTrigger.UNKNOWN, null)), sink.started);
    }

    @Test
    void hooksWithNothingSeenAreUnknown() {
        begin(ShutdownMode.REPORT, 0, true);
        assertEquals(List.of(new Started(ShutdownTrigger.UNKNOWN, null)), sink.started);
    }

    @Test
    void shutdownStartsOnce() {
        guard.configure(ShutdownMode.REPORT, 0, true, sink.sink);
        guard.exitRequested(2);
        guard.hooksStarting();
        guard.hooksStarting();
        assertEquals(List.of(new Started(ShutdownTrigger.EXIT, 2)), sink.started);
    }

    @Test
    void modeOffDoesNothing() {
        guard.configure(ShutdownMode.OFF, 0, false, sink.sink);
        ThreadPoolExecutor pool = knownPool("app-1");
        guard.exitRequested(3);
        guard.hooksStarting();
        assertFalse(guard.began());
        assertFalse(guard.refuseSpawn(pool));
        pool.shutdown();
        guard.rejected(pool);
        guard.applicationHooksFinished();
        guard.halting();
        assertTrue(sink.started.isEmpty());
        assertTrue(sink.blocked.isEmpty());
        assertTrue(sink.ended.isEmpty());
    }

    @Test
    void isSignalHandlerMatchesTheJvmsNames() {
        assertTrue(ShutdownTrigger.isSignalHandler(new Thread("SIGTERM handler")));
        assertTrue(ShutdownTrigger.isSignalHandler(new Thread("SIGINT handler")));
        assertFalse(ShutdownTrigger.isSignalHandler(new Thread("main")));
        assertFalse(ShutdownTrigger.isSignalHandler(new Thread("Signal Dispatcher")));
    }

    // ---- refused spawns --------------------------------------------------------------------------

    /**
     * Runs {@code question} as a task of a tracked pool, accepted before shutdown began ({@code pre}) or
     * after it; returns its answer. A pre-shutdown task is started, then shutdown begins, then it asks.
     */
    private <T> T askFromWorker(boolean pre, java.util.concurrent.Callable<T> question) throws Exception {
        TrackedPool workers = trackedPool(pre ? "pre" : "post", 1);
        CountDownLatch ask = latch();
        FutureTask<T> task = new FutureTask<>(() -> {
            awaitQuietly(ask);
            return question.call();
        });
        if (pre) {
            workers.execute(task);
            waitUntil(() -> workers.record(registry) != null && workers.record(registry).workers().stream()
                    .anyMatch(w -> w.task() == task));
            begin(ShutdownMode.DRAIN, LONG_GRACE, true);
        } else {
            begin(ShutdownMode.DRAIN, LONG_GRACE, true);
            workers.execute(task);
        }
        ask.countDown();
        return task.get(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "task accepted before shutdown: {0}")
    @CsvSource({"true", "false"})
    void aWorkerMaySpawnOnlyWhileItRunsPreShutdownWork(boolean pre) throws Exception {
        ThreadPoolExecutor pool = knownPool("app-1");
        String id = registry.knownPool(pool).id();
        boolean refused = askFromWorker(pre, () -> guard.refuseSpawn(pool));

        assertEquals(!pre, refused);
        assertEquals(pre ? 0 : 1, sink.blocked.size());
        if (!pre) {
            Blocked first = sink.blocked.get(0);
            assertEquals(id, first.pool());
            assertEquals("post-1", first.thread());
            assertTrue(first.stack().length > 0);
            assertFalse(first.stack()[0].getClassName().startsWith("dev.poolguard."),
                    "poolguard's own frames are cut from the top: " + first.stack()[0]);
            assertEquals(1, registry.knownPool(pool).spawnsRefused.get());
        }
        guard.applicationHooksFinished();
        assertEquals(pre ? 0 : 1, onlySummary().spawnsBlocked());
    }

    @Test
    void aThreadNoPoolOwnsMaySpawn() throws Exception {
        ThreadPoolExecutor pool = knownPool("app-1");
        begin(ShutdownMode.DRAIN, LONG_GRACE, true);
        assertFalse(onThread("submitter", () -> guard.refuseSpawn(pool)));
        assertFalse(guard.refuseSpawn(pool));
        assertTrue(sink.blocked.isEmpty());
    }

    @Test
    void aPoolFirstSeenAtShutdownIsRefusedToo() throws Exception {
        ThreadPoolExecutor fresh = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        assertTrue(askFromWorker(false, () -> guard.refuseSpawn(fresh)));
        PoolRecord record = registry.knownPool(fresh);
        assertNotNull(record, "the refused pool is now known");
        assertEquals(record.id(), sink.blocked.get(0).pool());
    }

    @Test
    void jdkInternalPoolsMaySpawn() {
        ThreadPoolExecutor internal = knownPool("jdk-internal", bootLoaderFactory());
        assertTrue(registry.knownPool(internal).jdkInternal());
        begin(ShutdownMode.DRAIN, LONG_GRACE, false);
        assertFalse(guard.refuseSpawn(internal));
        assertTrue(sink.blocked.isEmpty());
        guard.applicationHooksFinished();
        assertFalse(internal.isShutdown(), "the drain leaves the JDK's own pools alone");
        assertEquals(0, onlySummary().spawnsBlocked());
    }

    @ParameterizedTest(name = "hookSpawns allowed: {0}")
    @CsvSource({"true", "false"})
    void hookThreadsMaySpawnOnlyWhenAllowed(boolean allowed) throws Exception {
        ThreadPoolExecutor pool = knownPool("app-1");
        begin(ShutdownMode.DRAIN, LONG_GRACE, allowed);
        AtomicReference<Boolean> hookRefused = new AtomicReference<>();
        Thread hook = new Thread(() -> hookRefused.set(guard.refuseSpawn(pool)), "app-hook");
        Map<Thread, Thread> hooks = new IdentityHashMap<>();
        hooks.put(hook, hook);
        guard.applicationHooksStarting(hooks);
        hook.start();
        hook.join();

        assertEquals(!allowed, hookRefused.get(), "a hook thread's spawn");
        assertFalse(onThread("not-a-hook", () -> guard.refuseSpawn(pool)), "a thread that runs no hook and is no worker");
        assertEquals(allowed ? 0 : 1, sink.blocked.size());
    }

    @Test
    void aHooksArgumentThatIsNoMapIsIgnored() throws Exception {
        ThreadPoolExecutor pool = knownPool("app-1");
        begin(ShutdownMode.DRAIN, LONG_GRACE, true);
        guard.applicationHooksStarting(null);
        guard.applicationHooksStarting("not a map");
        assertFalse(guard.refuseSpawn(pool));
        assertTrue(sink.blocked.isEmpty());
    }

    // ---- the end ---------------------------------------------------------------------------------

    @Test
    void reportModeWritesTheEndOnceAndDoesNotDrain() {
        ThreadPoolExecutor pool = knownPool("app-1");
        begin(ShutdownMode.REPORT, LONG_GRACE, true);
        guard.applicationHooksFinished();
        ShutdownSummary summary = onlySummary();
        assertEquals(0, summary.drainMillis());
        assertFalse(summary.graceExpired());
        assertTrue(summary.clean());
        assertFalse(pool.isShutdown(), "report mode does not stop pools");

        guard.applicationHooksFinished();
        guard.halting();
        assertEquals(1, sink.ended.size(), "a second end or a halt adds nothing");
    }

    @Test
    void aHaltBeforeTheHooksFinishedWritesTheEnd() {
        begin(ShutdownMode.DRAIN, LONG_GRACE, true);
        guard.halting();
        assertEquals(0, onlySummary().drainMillis());
        guard.applicationHooksFinished();
        assertEquals(1, sink.ended.size());
    }

    /**
     * A task that calls Runtime.halt while the drain waits (a test runner's exit watchdog due within the
     * grace): the end says how long the drain ran until then, and lists every task still running but the
     * halting one.
     */
    @Test
    void aHaltFromATaskMidDrainIsNotLeftUndoneAndTheDrainTimeIsKept() throws Exception {
        TrackedPool stuck = trackedPool("stuck", 1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = latch();
        stuck.execute(TrackedPool.named("blocked", () -> {
            running.countDown();
            awaitQuietly(release);
        }));
        assertTrue(running.await(30, TimeUnit.SECONDS));
        TrackedPool watchdog = trackedPool("watchdog", 1);
        CountDownLatch halted = new CountDownLatch(1);
        watchdog.execute(TrackedPool.named("halts", () -> {
            waitUntil(guard::draining);
            long drainedFor = System.nanoTime();
            while (System.nanoTime() - drainedFor < TimeUnit.MILLISECONDS.toNanos(5)) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            guard.halting(); // what Shutdown.halt's first line does, on the halting thread
            halted.countDown();
            awaitQuietly(release); // a halted JVM runs nothing more: stay here until the test ends
        }));
        Thread drainer = new Thread(() -> {
            begin(ShutdownMode.DRAIN, LONG_GRACE, true);
            guard.applicationHooksFinished();
        }, "exiting-main");
        drainer.start();
        assertTrue(halted.await(30, TimeUnit.SECONDS));

        ShutdownSummary summary = onlySummary();
        assertEquals(List.of("blocked"), summary.inFlight().stream().map(InFlightTask::task).toList(),
                "the halting task is the halt itself, not work left undone");
        assertTrue(summary.drainMillis() >= 1, () -> "drained until the halt: " + summary);
        assertFalse(summary.graceExpired());

        release.countDown();
        drainer.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(drainer.isAlive());
        assertEquals(1, sink.ended.size(), "the drain's own end adds nothing after the halt's");
    }

    @Test
    void theEndNamesQueuedAndRunningTasks() throws Exception {
        TrackedPool pool = trackedPool("busy", 1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = latch();
        pool.execute(TrackedPool.named("task-A", () -> {
            running.countDown();
            awaitQuietly(release);
        }));
        pool.execute(TrackedPool.named("task-B", () -> { }));
        FutureTask<Void> cancelled = new FutureTask<>(() -> { }, null);
        pool.execute(cancelled);
        cancelled.cancel(false);
        assertTrue(running.await(30, TimeUnit.SECONDS));
        String id = pool.record(registry).id();

        begin(ShutdownMode.REPORT, 0, true);
        guard.applicationHooksFinished();
        ShutdownSummary summary = onlySummary();
        assertFalse(summary.clean());
        assertEquals(1, summary.inFlight().size());
        InFlightTask inFlight = summary.inFlight().get(0);
        assertEquals(id, inFlight.pool());
        assertEquals("busy-1", inFlight.thread());
        assertEquals("task-A", inFlight.task());
        assertTrue(inFlight.stack().length > 0);
        assertEquals(List.of(new QueuedTask(id, "task-B")), summary.queuedNeverRun(),
                "queued tasks, without the cancelled one");
    }

    // ---- the drain -------------------------------------------------------------------------------

    @Test
    void drainingAnIdlePoolEndsAtOnceAndLeavesItRunning() throws Exception {
        TrackedPool pool = trackedPool("idle", 2);
        assertEquals(2, pool.prestartAllCoreThreads());
        waitUntil(() -> parked(pool));
        guard.configure(ShutdownMode.DRAIN, LONG_GRACE, true, sink.sink);
        assertTrue(guard.drain(System.nanoTime() + TimeUnit.MINUTES.toNanos(1)));
        assertFalse(pool.isShutdown(), "a pool is never shut down by the drain: in-flight work may still need it");
    }

    @Test
    void drainingLetsRunningAndQueuedTasksFinish() throws Exception {
        TrackedPool pool = trackedPool("drained", 1);
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = latch();
        pool.execute(TrackedPool.named("A", () -> {
            running.countDown();
            awaitQuietly(release);
            ran.add("A");
        }));
        pool.execute(TrackedPool.named("B", () -> ran.add("B")));
        pool.execute(TrackedPool.named("C", () -> ran.add("C")));
        assertTrue(running.await(30, TimeUnit.SECONDS));
        Thread releaser = new Thread(() -> { // A ends only once the drain runs
            waitUntil(guard::draining);
            release.countDown();
        });
        releaser.start();

        begin(ShutdownMode.DRAIN, LONG_GRACE, true);
        guard.applicationHooksFinished();

        assertEquals(List.of("A", "B", "C"), ran, "every accepted task ran before the end");
        ShutdownSummary summary = onlySummary();
        assertTrue(summary.clean(), () -> "left undone: " + summary);
        assertFalse(summary.graceExpired());
    }

    @Test
    void theGraceLimitEndsTheDrain() throws Exception {
        TrackedPool pool = trackedPool("stuck", 1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = latch();
        pool.execute(TrackedPool.named("blocked", () -> {
            running.countDown();
            awaitQuietly(release);
        }));
        pool.execute(TrackedPool.named("waiting", () -> { }));
        assertTrue(running.await(30, TimeUnit.SECONDS));

        begin(ShutdownMode.DRAIN, 0, true);
        guard.applicationHooksFinished();

        ShutdownSummary summary = onlySummary();
        assertTrue(summary.graceExpired());
        assertEquals(List.of("blocked"), summary.inFlight().stream().map(InFlightTask::task).toList());
        assertEquals(List.of("waiting"), summary.queuedNeverRun().stream().map(QueuedTask::task).toList());
    }

    @Test
    void aDeadlinePassedWithWorkLeftIsFalse() throws Exception {
        TrackedPool pool = trackedPool("late", 1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = latch();
        pool.execute(() -> {
            running.countDown();
            awaitQuietly(release);
        });
        assertTrue(running.await(30, TimeUnit.SECONDS));
        guard.configure(ShutdownMode.DRAIN, 0, true, sink.sink);
        assertFalse(guard.drain(System.nanoTime() - 1));
    }

    @Test
    void drainKeepsTheCallersInterruptStatus() throws Exception {
        trackedPool("idle", 1).prestartAllCoreThreads();
        guard.configure(ShutdownMode.DRAIN, LONG_GRACE, true, sink.sink);
        Thread.currentThread().interrupt();
        try {
            assertTrue(guard.drain(System.nanoTime() + TimeUnit.MINUTES.toNanos(1)));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is restored");
        } finally {
            Thread.interrupted();
        }
    }

    // ---- settled ---------------------------------------------------------------------------------

    @Test
    void aPoolIsNotSettledWhileAWorkerRunsATask() throws Exception {
        TrackedPool pool = trackedPool("settle", 1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = latch();
        Runnable task = TrackedPool.named("long", () -> {
            running.countDown();
            awaitQuietly(release);
        });
        pool.execute(task);
        assertTrue(running.await(30, TimeUnit.SECONDS));
        PoolRecord record = pool.record(registry);
        WorkerRecord worker = record.workers().iterator().next();
        assertEquals(task, worker.task(), "the worker's record shows its task");

        assertFalse(settledWithinAMinute(record));

        release.countDown();
        // settled needs the worker parked for its next task too: between tasks it is RUNNABLE, and so moving
        waitUntil(() -> worker.task() == null && pool.getActiveCount() == 0
                && (worker.thread.getState() == Thread.State.WAITING || worker.thread.getState() == Thread.State.TIMED_WAITING));
        assertTrue(settledWithinAMinute(record), "settled once the task cleared");
    }

    @Test
    void aPoolIsNotSettledWhileTasksAreQueued() throws Exception {
        TrackedPool pool = trackedPool("queue", 1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = latch();
        pool.execute(() -> {
            running.countDown();
            awaitQuietly(release);
        });
        pool.execute(() -> { });
        assertTrue(running.await(30, TimeUnit.SECONDS));
        assertFalse(settledWithinAMinute(pool.record(registry)));
    }

    /**
     * A queue whose worker, having taken {@code marked}, stays right there, running, until released: the
     * moment between the queue handing out a task and the run loop marking it, when the task is neither
     * queued nor marked. (In the rewritten JDK that moment is a few instructions inside {@code getTask}.)
     */
    private static LinkedBlockingQueue<Runnable> gapQueue(Runnable marked, CountDownLatch inGap, CountDownLatch leaveGap) {
        return new LinkedBlockingQueue<>() {
            @Override
            public Runnable take() throws InterruptedException {
                Runnable task = super.take();
                if (task == marked) {
                    inGap.countDown();
                    waitUntil(() -> leaveGap.getCount() == 0);
                }
                return task;
            }
        };
    }

    /** The drain must not call a pool settled while one of its workers holds a task it took but has not started. */
    @Test
    void aTaskTakenFromTheQueueButNotYetStartedIsNotSettled() throws Exception {
        CountDownLatch inGap = new CountDownLatch(1);
        CountDownLatch leaveGap = latch();
        AtomicBoolean ran = new AtomicBoolean();
        Runnable marked = TrackedPool.named("in-the-gap", () -> ran.set(true));
        TrackedPool pool = trackedPool("gap", 1, gapQueue(marked, inGap, leaveGap));
        assertTrue(pool.prestartCoreThread());
        pool.execute(marked);
        assertTrue(inGap.await(30, TimeUnit.SECONDS));
        PoolRecord record = pool.record(registry);

        guard.configure(ShutdownMode.DRAIN, LONG_GRACE, true, sink.sink);
        assertFalse(guard.drain(System.nanoTime() - 1), "the drain would end with a task about to run");
        assertFalse(settledWithinAMinute(record), "settled while a worker holds a dequeued task it has not started");

        leaveGap.countDown();
        waitUntil(() -> ran.get() && parked(pool));
        assertTrue(settledWithinAMinute(record));
    }

    /** Idle workers, parked in their queue, hold nothing: the end lists no task for them. */
    @Test
    void idleWorkersAreNeverListed() throws Exception {
        TrackedPool pool = trackedPool("idle", 3);
        pool.prestartAllCoreThreads();
        pool.execute(() -> { });
        waitUntil(() -> pool.getCompletedTaskCount() == 1 && parked(pool));
        begin(ShutdownMode.REPORT, 0, true);
        guard.applicationHooksFinished();
        assertTrue(onlySummary().clean(), () -> "left undone: " + onlySummary());
    }

    /**
     * A worker that its pool already counts gone (it took no task; its pool may even be terminated) but
     * that has not left its run loop yet is not running anything: the false "left undone" of issue 14.
     */
    @Test
    void aWorkerLeavingItsTerminatedPoolIsNotListed() throws Exception {
        CountDownLatch leaving = new CountDownLatch(1);
        CountDownLatch leave = latch();
        PoolRegistry own = registry;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        pools.add(pool);
        pool.setThreadFactory(worker -> {
            Thread thread = new Thread(() -> {
                own.workerStarted(pool, worker);
                worker.run(); // returns once getTask() answered null: counted gone, so the pool can terminate
                leaving.countDown();
                waitUntil(() -> leave.getCount() == 0); // before processWorkerExit would forget it
                own.workerGone(worker);
            }, "leaving-1");
            own.workerCreated(pool, worker, thread);
            return thread;
        });
        pool.prestartAllCoreThreads();
        pool.shutdown();
        assertTrue(leaving.await(30, TimeUnit.SECONDS));
        assertEquals(1, registry.knownPool(pool).workers().size(), "still in the record");

        begin(ShutdownMode.DRAIN, 0, true);
        guard.applicationHooksFinished();
        assertTrue(onlySummary().clean(), () -> "left undone: " + onlySummary());
        leave.countDown();
    }

    @Test
    void aWorkerStuckInSystemExitIsNotWaitedFor() throws Exception {
        TrackedPool pool = trackedPool("exiting", 1);
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = latch();
        pool.execute(() -> {
            guard.exitRequested(1); // as if the task called System.exit and blocks on the shutdown lock
            stuck.countDown();
            awaitQuietly(release);
        });
        assertTrue(stuck.await(30, TimeUnit.SECONDS));
        assertTrue(settledWithinAMinute(pool.record(registry)), "a task blocked in System.exit never finishes");
        guard.configure(ShutdownMode.DRAIN, LONG_GRACE, true, sink.sink);
        assertTrue(guard.drain(System.nanoTime() + TimeUnit.MINUTES.toNanos(1)));
    }

    @Test
    void aTerminatedOrDroppedPoolIsSettled() throws Exception {
        TrackedPool pool = trackedPool("done", 1);
        pool.prestartAllCoreThreads();
        PoolRecord record = pool.record(registry);
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertTrue(settledWithinAMinute(record));
    }

    // ---- rejections ------------------------------------------------------------------------------

    @Test
    void rejectionsCountOnlyAfterShutdownBegan() {
        guard.configure(ShutdownMode.REPORT, 0, true, sink.sink);
        ThreadPoolExecutor stopped = knownPool("stopped-1");
        stopped.shutdown();
        guard.rejected(stopped); // before shutdown began: the application's own affair
        ThreadPoolExecutor full = knownPool("full-1");
        ThreadPoolExecutor refused = knownPool("refused-1");
        ThreadPoolExecutor internal = knownPool("jdk-internal", bootLoaderFactory());
        internal.shutdown();
        registry.knownPool(refused).spawnsRefused.incrementAndGet(); // a worker running post-shutdown work asked

        guard.hooksStarting();
        guard.rejected(full); // full queue, pool running, no spawn refused: not shutdown's doing
        guard.rejected(stopped); // counted
        guard.rejected(refused); // counted: a spawn was refused
        guard.rejected(internal); // the JDK's own pools do not count
        guard.applicationHooksFinished();

        assertEquals(2, onlySummary().rejected());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for a state another thread is about to reach (bounded by the class's timeout). */
    private static void waitUntil(java.util.function.BooleanSupplier state) {
        while (!state.getAsBoolean()) {
            Thread.onSpinWait();
        }
    }

    /** Whether every live worker of {@code pool} is parked (idle in its queue). */
    private boolean parked(TrackedPool pool) {
        PoolRecord record = pool.record(registry);
        if (record == null) {
            return false;
        }
        for (WorkerRecord worker : record.workers()) {
            Thread.State state = worker.thread().getState();
            if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
                return false;
            }
        }
        return true;
    }

    // ---- submissions in the drain ------------------------------------------------------------------

    @ParameterizedTest(name = "task accepted before shutdown: {0}")
    @CsvSource({"true", "false"})
    void inTheDrainOnlyPreShutdownWorkMaySubmit(boolean pre) throws Exception {
        ThreadPoolExecutor target = knownPool("target-1");
        boolean refused = askFromWorker(pre, () -> {
            guard.startDraining();
            return guard.refuseSubmit(target);
        });
        assertEquals(!pre, refused);
        guard.applicationHooksFinished();
        assertEquals(pre ? 0 : 1, onlySummary().rejected());
    }

    @Test
    void aQueuedTaskIsPreShutdownWorkToo() throws Exception {
        TrackedPool pool = trackedPool("queued", 1);
        ThreadPoolExecutor target = knownPool("target-1");
        CountDownLatch release = latch();
        pool.execute(() -> awaitQuietly(release));
        FutureTask<Boolean> queued = new FutureTask<>(() -> guard.refuseSubmit(target));
        pool.execute(queued);
        begin(ShutdownMode.DRAIN, LONG_GRACE, true);
        guard.startDraining();
        release.countDown();
        assertFalse(queued.get(30, TimeUnit.SECONDS), "a task queued when shutdown began may submit its steps");
    }

    @Test
    void inTheDrainOthersAreRefusedButNotTheJdksPools() throws Exception {
        ThreadPoolExecutor app = knownPool("app-1");
        ThreadPoolExecutor internal = knownPool("jdk-internal", bootLoaderFactory());
        begin(ShutdownMode.DRAIN, LONG_GRACE, true);
        assertFalse(guard.refuseSubmit(app), "before the drain nothing is refused");
        guard.startDraining();
        assertTrue(guard.refuseSubmit(app), "a thread that is no worker");
        assertTrue(onThread("other", () -> guard.refuseSubmit(app)));
        assertFalse(guard.refuseSubmit(internal));
        assertFalse(guard.refuseSubmit(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                bootLoaderFactory())), "a JDK pool never seen before");
        guard.applicationHooksFinished();
        assertEquals(2, onlySummary().rejected());
    }

    /** {@code settled} with a deadline far enough away that only the pool's state decides. */
    private boolean settledWithinAMinute(PoolRecord record) {
        return guard.settled(record, System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
    }

    /** A timer set for after the grace (a test runner's exit watchdog) is not waited for, and not "undone". */
    @Test
    void aDelayedTaskDueAfterTheGraceIsNotWaitedFor() throws Exception {
        List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.ScheduledThreadPoolExecutor timers = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                r -> {
                    Thread thread = new Thread(r, "timers-1");
                    threads.add(thread);
                    return thread;
                });
        try {
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            timers.execute(started::countDown);
            assertTrue(started.await(30, TimeUnit.SECONDS));
            // the worker as the rewritten JDK would have registered it; idle now
            PoolRecord record = registry.workerCreated(timers, new Object(), threads.get(0)).pool();
            timers.schedule(() -> { }, 30, TimeUnit.SECONDS);
            timers.shutdown();
            waitUntil(() -> threads.get(0).getState() == Thread.State.TIMED_WAITING);
            assertTrue(guard.settled(record, System.nanoTime() + TimeUnit.SECONDS.toNanos(1)),
                    "only a timer due in 30 s is left and the grace ends in 1 s");
            assertFalse(guard.settled(record, System.nanoTime() + TimeUnit.MINUTES.toNanos(1)),
                    "with a grace that outlasts it, the timer is waited for");
        } finally {
            timers.shutdownNow();
        }
    }
}
