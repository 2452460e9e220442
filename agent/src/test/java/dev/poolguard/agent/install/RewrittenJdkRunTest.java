package dev.poolguard.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.poolguard.agent.install.HookLog.Entry;
import dev.poolguard.agent.install.HookLog.WorkerToken;

/**
 * The rewritten JDK classes, renamed into a private copy (see {@link RemappedJdk}), go through the JVM's
 * verifier and run: the hooks are called with the right arguments at the right moments, and the
 * classes still do their job. No agent is involved.
 */
@Timeout(60)
class RewrittenJdkRunTest {
    private static final String TPE = "java/util/concurrent/ThreadPoolExecutor";
    private static final String FUTURE_TASK = "java/util/concurrent/FutureTask";
    private static final String CF = "java/util/concurrent/CompletableFuture";
    private static final String SHUTDOWN = "java/lang/Shutdown";
    private static final String APP_HOOKS = "java/lang/ApplicationShutdownHooks";

    @BeforeEach
    void clearLog() {
        HookLog.clear();
    }

    private static RemappedJdk jdk() {
        return new RemappedJdk(List.of(TPE, FUTURE_TASK, CF, SHUTDOWN, APP_HOOKS), List.of(
                new ThreadPoolExecutorRewriter(), new WorkerRewriter(), WaitRewriter.futureTask(),
                WaitRewriter.completableFuture(), AsyncStageRewriter.asyncSupply(), AsyncStageRewriter.asyncRun(),
                new ShutdownRewriter(), new ApplicationShutdownHooksRewriter()));
    }

    /**
     * Loading links the class, and linking runs the verifier over every method, before the class's
     * static initialiser. On newer JDKs some initialisers reach JDK-internal classes that a copy
     * outside java.base may not use: an IllegalAccessError from the initialiser still proves the class
     * was verified.
     */
    @ParameterizedTest
    @ValueSource(strings = {TPE, TPE + "$Worker", FUTURE_TASK, CF, CF + "$AsyncSupply", CF + "$AsyncRun", SHUTDOWN,
            APP_HOOKS})
    void theRewrittenClassPassesTheVerifier(String jdkClass) throws Exception {
        String copyName = RemappedJdk.PREFIX.replace('/', '.') + jdkClass.replace('/', '.');
        try {
            assertEquals(copyName, jdk().copyOf(jdkClass).getName());
        } catch (IllegalAccessError fromInitialiser) {
            boolean inInitialiser = false;
            for (StackTraceElement frame : fromInitialiser.getStackTrace()) {
                inInitialiser |= frame.getMethodName().equals("<clinit>") && frame.getClassName().startsWith("pgtest.");
            }
            assertTrue(inInitialiser, "not from a static initialiser, so maybe not verified: " + fromInitialiser);
        }
    }

    /** The copy of a JDK class, initialised; the test is skipped where the copy cannot run. */
    private static Class<?> runnableCopy(RemappedJdk jdk, String jdkClass) throws Exception {
        try {
            return jdk.copyOf(jdkClass);
        } catch (IllegalAccessError notOnThisJdk) {
            assumeTrue(false, "a copy of " + jdkClass + " cannot run on this JDK: " + notOnThisJdk);
            throw notOnThisJdk;
        }
    }

    private static <T> T construct(RemappedJdk jdk, String jdkClass, Class<?>[] types, Object... args) throws Exception {
        Class<?> copy = runnableCopy(jdk, jdkClass);
        try {
            @SuppressWarnings("unchecked")
            T instance = (T) copy.getConstructor(types).newInstance(args);
            return instance;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalAccessError) {
                // JDK 21+ pools use jdk.internal.vm classes that a copy outside java.base cannot reach
                assumeTrue(false, "the copy cannot run on this JDK: " + e.getCause());
            }
            throw e;
        }
    }

    private static ExecutorService pool(RemappedJdk jdk, int threads, BlockingQueue<Runnable> queue) throws Exception {
        return pool(jdk, threads, queue, Thread::new);
    }

    private static ExecutorService pool(RemappedJdk jdk, int threads, BlockingQueue<Runnable> queue,
                                        ThreadFactory factory) throws Exception {
        return construct(jdk, TPE, new Class<?>[] {int.class, int.class, long.class, TimeUnit.class, BlockingQueue.class,
                ThreadFactory.class}, threads, threads, 0L, TimeUnit.MILLISECONDS, queue, factory);
    }

    // ---- ThreadPoolExecutor and its Worker -------------------------------------------------------

    @Test
    void aRewrittenPoolRunsTasksAndReportsItsWorkers() throws Exception {
        ExecutorService pool = pool(jdk(), 1, new LinkedBlockingQueue<>());
        List<Runnable> tasks = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "task-" + i;
            tasks.add(() -> {
                synchronized (ran) {
                    ran.add(name);
                }
            });
        }
        tasks.forEach(pool::execute);
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(List.of("task-0", "task-1", "task-2"), ran);

        Entry spawn = single("newWorkerThread");
        assertSame(pool, spawn.arg(2), "the pool is passed along");
        Thread workerThread = (Thread) spawn.returned();
        assertNotNull(workerThread);
        Object worker = spawn.arg(1);
        assertEquals("java.util.concurrent.ThreadPoolExecutor$Worker",
                worker.getClass().getName().substring(RemappedJdk.PREFIX.length()));

        Entry started = single("workerStarted");
        assertSame(pool, started.arg(0));
        assertSame(worker, started.arg(1));
        assertSame(workerThread, started.thread(), "the run loop starts on the worker's own thread");
        WorkerToken token = (WorkerToken) started.returned();

        // A task is marked when it leaves the queue and again just before it runs (the first task is not
        // dequeued, so only the second mark applies); the last getTask() returns null as the worker exits.
        List<Entry> starting = HookLog.of("taskStarting");
        List<Entry> finished = HookLog.of("taskFinished");
        List<Object> marked = new ArrayList<>();
        for (Entry entry : starting) {
            assertSame(token, entry.arg(0), "the record from workerStarted is kept for every mark");
            if (entry.arg(1) != null && (marked.isEmpty() || marked.get(marked.size() - 1) != entry.arg(1))) {
                marked.add(entry.arg(1));
            }
        }
        assertEquals(tasks, marked, "every task marked, in order");
        assertEquals(3, finished.size());
        for (Entry entry : finished) {
            assertSame(token, entry.arg(0));
        }
        List<Entry> submitted = HookLog.of("submitting");
        assertEquals(tasks, submitted.stream().map(e -> e.arg(1)).toList(), "each execute notes its task");
        submitted.forEach(e -> assertSame(pool, e.arg(0), "and its pool"));
        assertEquals(List.of("newWorkerThread", "workerStarted", "taskStarting", "taskFinished", "taskStarting",
                "taskStarting", "taskFinished", "taskStarting", "taskStarting", "taskFinished", "taskStarting",
                "workerGone"), HookLog.hooks(e -> !e.hook().equals("submitting")));
        assertSame(worker, single("workerGone").arg(0));
    }

    @Test
    void aTaskThatThrowsEndsItsWorkerWhichIsReplaced() throws Exception {
        List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch uncaughtSeen = new CountDownLatch(1);
        ExecutorService pool = pool(jdk(), 1, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r);
            thread.setUncaughtExceptionHandler((t, e) -> {
                uncaught.add(e);
                uncaughtSeen.countDown();
            });
            return thread;
        });
        CountDownLatch secondRan = new CountDownLatch(1);
        pool.execute(() -> {
            throw new IllegalStateException("task failure (expected by the test)");
        });
        pool.execute(secondRan::countDown);
        assertTrue(secondRan.await(30, TimeUnit.SECONDS));
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        // the dying worker reports its exception after it left the pool: the pool may terminate first
        assertTrue(uncaughtSeen.await(30, TimeUnit.SECONDS));

        List<Entry> spawns = HookLog.of("newWorkerThread");
        assertEquals(2, spawns.size(), "the failed worker is replaced");
        List<Entry> gone = HookLog.of("workerGone");
        assertEquals(2, gone.size());
        assertSame(spawns.get(0).arg(1), gone.get(0).arg(0), "the first worker is gone first");
        long markedTasks = HookLog.of("taskStarting").stream().map(e -> e.arg(1)).filter(t -> t != null)
                .distinct().count();
        assertEquals(2, markedTasks, "both tasks marked");
        assertEquals(1, HookLog.of("taskFinished").size(), "no finish mark for a task that threw");
        assertEquals(1, uncaught.size());
        assertEquals("task failure (expected by the test)", uncaught.get(0).getMessage());
    }

    /**
     * The hook runs first thing in {@code reject}. (The copy's default handler then fails to link, as
     * the handler interface names the real pool class: only the hook's call is checked here.)
     */
    @Test
    void aRejectionIsReported() throws Exception {
        ExecutorService pool = pool(jdk(), 1, new LinkedBlockingQueue<>());
        pool.shutdown();
        Runnable task = () -> { };
        assertThrows(Throwable.class, () -> pool.execute(task));
        Entry rejected = single("rejected");
        assertSame(pool, rejected.arg(0));
        assertSame(task, rejected.arg(1));
    }

    /** The hook answering null for the thread is the pool's own "no thread" path: no worker, no leak. */
    @Test
    void aNullThreadFromTheHookFailsTheSpawnCleanly() throws Exception {
        RemappedJdk jdk = jdk();
        ExecutorService pool = pool(jdk, 1, new LinkedBlockingQueue<>());
        Method setFactory = pool.getClass().getMethod("setThreadFactory", ThreadFactory.class);
        setFactory.invoke(pool, (ThreadFactory) r -> null);
        pool.execute(() -> { });
        List<Entry> spawns = HookLog.of("newWorkerThread");
        List<Entry> gone = HookLog.of("workerGone");
        assertTrue(spawns.size() >= 1);
        for (Entry spawn : spawns) {
            assertEquals(null, spawn.returned());
        }
        assertEquals(spawns.size(), gone.size(), "addWorkerFailed forgets every worker that never started");
        for (int i = 0; i < spawns.size(); i++) {
            assertSame(spawns.get(i).arg(1), gone.get(i).arg(0));
        }
        assertEquals(List.of(), HookLog.of("workerStarted"));
        assertEquals(0, pool.getClass().getMethod("getPoolSize").invoke(pool));
        assertEquals(1, ((BlockingQueue<?>) pool.getClass().getMethod("getQueue").invoke(pool)).size(),
                "with an unbounded queue the task waits, as it would with a factory that gives no thread");
        pool.shutdownNow();
    }

    // ---- FutureTask ------------------------------------------------------------------------------

    private static RunnableFuture<String> futureTask(RemappedJdk jdk, Callable<String> callable) throws Exception {
        return construct(jdk, FUTURE_TASK, new Class<?>[] {Callable.class}, callable);
    }

    @Test
    void aFinishedFutureTaskIsNoWait() throws Exception {
        RunnableFuture<String> task = futureTask(jdk(), () -> "done");
        task.run();
        assertEquals("done", task.get());
        assertEquals("done", task.get(1, TimeUnit.SECONDS));
        assertEquals(List.of(), HookLog.entries());
    }

    @Test
    void aBlockingGetIsAWaitFromStartToEnd() throws Exception {
        RunnableFuture<String> task = futureTask(jdk(), () -> "done");
        AtomicReference<Object> result = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                result.set(task.get());
            } catch (Exception e) {
                result.set(e);
            }
        }, "waiter");
        waiter.start();
        Entry started = HookLog.await(e -> e.hook().equals("waitStarting"));
        assertSame(task, started.arg(0));
        assertEquals(false, started.arg(1), "get() is not timed");
        assertSame(waiter, started.thread());
        HookLog.awaitPark(); // the blocked get parks through the hooks
        HookLog.note("completing");
        task.run();
        waiter.join();
        assertEquals("done", result.get());
        assertEquals(List.of("waitStarting", "completing", "waitEnded"), HookLog.hooks(e -> true));
        assertSame(task, single("waitEnded").arg(0));
    }

    @Test
    void aTimedOutGetEndsItsWait() throws Exception {
        RunnableFuture<String> task = futureTask(jdk(), () -> "never run");
        assertThrows(TimeoutException.class, () -> task.get(1, TimeUnit.MILLISECONDS));
        assertEquals(List.of("waitStarting", "waitEnded"), HookLog.hooks(e -> true));
        assertEquals(true, single("waitStarting").arg(1), "get(timeout) is timed");
        assertSame(task, single("waitEnded").arg(0));
    }

    @Test
    void anInterruptedGetEndsItsWait() throws Exception {
        RunnableFuture<String> task = futureTask(jdk(), () -> "never run");
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedException.class, task::get);
        } finally {
            Thread.interrupted();
        }
        assertEquals(List.of("waitStarting", "waitEnded"), HookLog.hooks(e -> true));
    }

    @Test
    void aFailedTaskStillReportsThroughGet() throws Exception {
        RunnableFuture<String> task = futureTask(jdk(), () -> {
            throw new IllegalStateException("boom");
        });
        Thread waiter = new Thread(() -> {
            ExecutionException e = assertThrows(ExecutionException.class, task::get);
            assertEquals("boom", e.getCause().getMessage());
        });
        waiter.start();
        HookLog.await(e -> e.hook().equals("waitStarting"));
        task.run();
        waiter.join();
        assertEquals(List.of("waitStarting", "waitEnded"), HookLog.hooks(e -> true));
    }

    // ---- CompletableFuture -----------------------------------------------------------------------

    @Test
    void completableFutureWaitsAndStagesAreReported() throws Exception {
        RemappedJdk jdk = jdk();
        Class<?> cf = runnableCopy(jdk, CF);
        Future<?> future = (Future<?>) cf.getConstructor().newInstance();
        Method complete = cf.getMethod("complete", Object.class);
        Method join = cf.getMethod("join");

        AtomicReference<Object> result = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                result.set(join.invoke(future));
            } catch (ReflectiveOperationException e) {
                result.set(e);
            }
        }, "joiner");
        waiter.start();
        Entry started = HookLog.await(e -> e.hook().equals("waitStarting"));
        assertSame(future, started.arg(0));
        assertEquals(false, started.arg(1));
        complete.invoke(future, "value");
        waiter.join();
        assertEquals("value", result.get());
        assertEquals(List.of("waitStarting", "waitEnded"), HookLog.hooks(e -> true));

        HookLog.clear();
        Object pending = cf.getConstructor().newInstance();
        Method timedGet = cf.getMethod("get", long.class, TimeUnit.class);
        InvocationTargetException timeout = assertThrows(InvocationTargetException.class,
                () -> timedGet.invoke(pending, 1L, TimeUnit.MILLISECONDS));
        assertInstanceOf(TimeoutException.class, timeout.getCause());
        assertEquals(List.of("waitStarting", "waitEnded"), HookLog.hooks(e -> true));
        assertEquals(true, single("waitStarting").arg(1));

        HookLog.clear();
        Method supplyAsync = cf.getMethod("supplyAsync", java.util.function.Supplier.class,
                java.util.concurrent.Executor.class);
        java.util.function.Supplier<String> supplier = () -> {
            HookLog.note("supplier");
            return "supplied";
        };
        Object stage = supplyAsync.invoke(null, supplier, (java.util.concurrent.Executor) Runnable::run);
        assertEquals("supplied", join.invoke(stage));
        assertEquals(List.of("stageStarting", "supplier", "stageFinished"), HookLog.hooks(e -> true));
        assertSame(stage, single("stageStarting").arg(0), "the stage names the future it completes");

        HookLog.clear();
        Method runAsync = cf.getMethod("runAsync", Runnable.class, java.util.concurrent.Executor.class);
        Object ran = runAsync.invoke(null, (Runnable) () -> HookLog.note("runnable"),
                (java.util.concurrent.Executor) Runnable::run);
        assertEquals(List.of("stageStarting", "runnable", "stageFinished"), HookLog.hooks(e -> true));
        assertSame(ran, single("stageStarting").arg(0));
        assertTrue(((Future<?>) ran).isDone());
    }

    // ---- the shutdown classes --------------------------------------------------------------------

    @Test
    void applicationHooksRunBetweenTheirTwoHooks() throws Exception {
        Class<?> appHooks = runnableCopy(jdk(), APP_HOOKS);
        Method add = appHooks.getDeclaredMethod("add", Thread.class);
        Method runHooks = appHooks.getDeclaredMethod("runHooks");
        add.setAccessible(true);
        runHooks.setAccessible(true);
        Thread hook = new Thread(() -> HookLog.note("hook ran"), "app-hook");
        add.invoke(null, hook);

        runHooks.invoke(null);

        assertEquals(List.of("applicationHooksStarting", "hook ran", "applicationHooksFinished"),
                HookLog.hooks(e -> true));
        Map<?, ?> hooks = assertInstanceOf(Map.class, single("applicationHooksStarting").arg(0),
                "the hooks map is handed over");
        assertSame(hook, hooks.get(hook));
    }

    private static Entry single(String hook) {
        List<Entry> entries = HookLog.of(hook);
        assertEquals(1, entries.size(), hook + " calls: " + HookLog.entries());
        return entries.get(0);
    }
}
