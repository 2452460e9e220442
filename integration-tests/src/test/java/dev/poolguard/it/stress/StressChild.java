package dev.poolguard.it.stress;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.poolguard.it.stress.StressGen.Edge;
import dev.poolguard.it.stress.StressGen.KnownIssue;
import dev.poolguard.it.stress.StressGen.Member;
import dev.poolguard.it.stress.StressGen.Mode;
import dev.poolguard.it.stress.StressGen.NearMiss;
import dev.poolguard.it.stress.StressGen.Node;
import dev.poolguard.it.stress.StressGen.Noise;
import dev.poolguard.it.stress.StressGen.Plant;
import dev.poolguard.it.stress.StressGen.PoolKind;
import dev.poolguard.it.stress.StressGen.PoolSpec;
import dev.poolguard.it.stress.StressGen.SelfVariant;
import dev.poolguard.it.stress.StressGen.Shape;
import dev.poolguard.it.stress.StressGen.Spec;
import dev.poolguard.it.stress.StressGen.Submit;
import dev.poolguard.it.stress.StressGen.Timing;
import dev.poolguard.it.stress.StressGen.Wait;

/**
 * The child JVM of {@link StressIT}: runs a batch of generated programs ({@link StressGen}), a few at a time, each
 * on its own pools and threads (all daemon, all named {@code s<seed>-...}), and prints one line per program:
 * <pre>P &lt;seed&gt; ms=&lt;n&gt; ring=&lt;thread,...&gt; dde=&lt;thread|-&gt; | &lt;result&gt;</pre>
 * then {@code STRESS DONE <count>}. The result is what the program itself saw (values, and which exception each
 * wait threw); the test compares it with what the generator says it must be. A program that does not finish in
 * time prints {@code STUCK} and the stacks of its threads, is forcibly unblocked, and the batch goes on.
 *
 * <p>Arguments: {@code mode=log|fail|none issues=none|all|NAME,NAME parallel=N seeds=S,S,...} or
 * {@code base=B from=I count=K} instead of {@code seeds}. The mode is how the test started this JVM (it picks the
 * program variant of {@link StressGen#generate(long, Set, Mode)}); the child never looks for the agent itself.
 */
public final class StressChild {
    static final long GUARD_MS = 20_000;
    static final long SHORT_MS = 100;
    static final long NOISE_TIMEOUT_MS = 5;
    static final String DDE = "dev.poolguard.DeadlockDetectedException";

    private StressChild() {}

    public static void main(String[] args) throws Exception {
        Set<KnownIssue> issues = EnumSet.noneOf(KnownIssue.class);
        Mode mode = Mode.LOG;
        int parallel = 3;
        List<Long> seeds = new ArrayList<>();
        long base = 0;
        int from = 0, count = 0;
        for (String arg : args) {
            String key = arg.substring(0, arg.indexOf('='));
            String value = arg.substring(arg.indexOf('=') + 1);
            switch (key) {
                case "issues": issues = parseIssues(value); break;
                case "mode": mode = Mode.valueOf(value.toUpperCase()); break;
                case "parallel": parallel = Integer.parseInt(value); break;
                case "seeds": for (String s : value.split(",")) if (!s.isBlank()) seeds.add(Long.parseLong(s.trim())); break;
                case "base": base = Long.parseLong(value); break;
                case "from": from = Integer.parseInt(value); break;
                case "count": count = Integer.parseInt(value); break;
                default: throw new IllegalArgumentException(arg);
            }
        }
        for (int i = 0; i < count; i++) seeds.add(StressGen.seedOf(base, from + i));
        preload();
        Semaphore slots = new Semaphore(parallel);
        List<Thread> drivers = new ArrayList<>();
        for (long seed : seeds) {
            Spec spec = StressGen.generate(seed, issues, mode);
            slots.acquire();
            Thread driver = new Thread(() -> {
                try {
                    runOne(spec);
                } catch (Throwable t) {
                    line("P " + spec.seed + " ms=0 ring= dde=- | CRASH " + t);
                    t.printStackTrace(System.out);
                } finally {
                    slots.release();
                }
            }, spec.tag + "-driver");
            driver.setDaemon(true);
            drivers.add(driver);
            driver.start();
        }
        for (Thread d : drivers) d.join();
        line("STRESS DONE " + seeds.size());
    }

    /**
     * Loads every class of the stress programs up front: a program must not fail half-way because its classes
     * directory is being rebuilt (the test classes are shared with concurrent builds on a developer's machine).
     */
    static void preload() throws ClassNotFoundException {
        ClassLoader loader = StressChild.class.getClassLoader();
        for (Class<?> outer : List.of(StressGen.class, StressChild.class)) {
            for (Class<?> nested : outer.getDeclaredClasses()) Class.forName(nested.getName(), true, loader);
            for (int i = 1; i < 20; i++) {
                try {
                    Class.forName(outer.getName() + "$" + i, true, loader); // enum switch maps
                } catch (ClassNotFoundException none) {
                    break;
                }
            }
        }
    }

    static Set<KnownIssue> parseIssues(String value) {
        if (value.isBlank() || value.equals("none")) return EnumSet.noneOf(KnownIssue.class);
        if (value.equals("all")) return EnumSet.allOf(KnownIssue.class);
        Set<KnownIssue> set = EnumSet.noneOf(KnownIssue.class);
        for (String s : value.split(",")) set.add(KnownIssue.valueOf(s.trim()));
        return set;
    }

    static void line(String text) {
        synchronized (System.out) {
            System.out.println(text);
            System.out.flush();
        }
    }

    static void runOne(Spec spec) throws Exception {
        long start = System.nanoTime();
        Ctx ctx = new Ctx(spec);
        String result;
        try {
            result = spec.plant == null ? new DagRun(ctx).run() : new PlantRun(ctx).run();
        } finally {
            ctx.closePools();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        line("P " + spec.seed + " ms=" + ms + " ring=" + String.join(",", ctx.ring) + " dde="
                + (ctx.ddeThread.get() == null ? "-" : ctx.ddeThread.get()) + " | " + result);
        for (String dump : ctx.dumps) line(dump);
    }

    // ============================================================================================ shared context

    /** One program's pools, threads and counters. */
    static final class Ctx {
        final Spec spec;
        final String tag;
        final Object[] pools;
        final AtomicInteger plainThreads = new AtomicInteger();
        final AtomicLong deaths = new AtomicLong();
        final AtomicLong oddUncaught = new AtomicLong();
        final List<String> ring = new CopyOnWriteArrayList<>();
        final AtomicReference<String> ddeThread = new AtomicReference<>();
        final List<String> dumps = new CopyOnWriteArrayList<>();
        final List<Thread> plain = new CopyOnWriteArrayList<>();
        final AtomicLong prio = new AtomicLong();
        ForkJoinPool fj;

        Ctx(Spec spec) {
            this.spec = spec;
            this.tag = spec.tag;
            this.pools = new Object[spec.pools.size()];
            for (PoolSpec p : spec.pools) pools[p.index] = create(p);
        }

        ThreadFactory factory(String prefix) {
            AtomicInteger n = new AtomicInteger();
            return r -> {
                Thread t = new Thread(r, prefix + n.incrementAndGet());
                t.setDaemon(true);
                t.setUncaughtExceptionHandler((th, e) -> {
                    if (e instanceof Killer) deaths.incrementAndGet();
                    else oddUncaught.incrementAndGet();
                });
                return t;
            };
        }

        Object create(PoolSpec p) {
            ThreadFactory f = factory(tag + "-p" + p.index + "-");
            ThreadPoolExecutor.CallerRunsPolicy cr = new ThreadPoolExecutor.CallerRunsPolicy();
            switch (p.kind) {
                case FIXED: return new ThreadPoolExecutor(p.core, p.core, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), f);
                case CACHED: return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), f);
                case BOUNDED_CR: return new ThreadPoolExecutor(p.core, p.core, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(p.cap), f, cr);
                case SYNC_CR: return new ThreadPoolExecutor(p.core, p.core, 0, TimeUnit.MILLISECONDS, new SynchronousQueue<>(), f, cr);
                case GROWING_CR: return new ThreadPoolExecutor(p.core, p.max, 10, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(p.cap), f, cr);
                case GROWING_ABQ: return new ThreadPoolExecutor(p.core, p.max, 10, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(p.cap), f);
                case SCHEDULED: return new ScheduledThreadPoolExecutor(p.core, f);
                case PRIORITY: return new ThreadPoolExecutor(p.core, p.core, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), f);
                case DEQUE: return new ThreadPoolExecutor(p.core, p.core, 0, TimeUnit.MILLISECONDS, new LinkedBlockingDeque<>(), f);
                case TRANSFER: return new ThreadPoolExecutor(p.core, p.core, 0, TimeUnit.MILLISECONDS, new LinkedTransferQueue<>(), f);
                case CORE_TIMEOUT: {
                    ThreadPoolExecutor e = new ThreadPoolExecutor(p.core, p.core, 5, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), f);
                    e.allowCoreThreadTimeOut(true);
                    return e;
                }
                case SUBCLASS: return new HookedPool(p.core, f);
                case SINGLE: return Executors.newSingleThreadExecutor(f);
                default: throw new AssertionError(p.kind);
            }
        }

        ExecutorService pool(int index) {
            return (ExecutorService) pools[index];
        }

        /** Hands {@code body} to pool {@code index} as {@code how} says. */
        <T> Future<T> submit(int index, Submit how, int delayMs, Callable<T> body) {
            ExecutorService e = pool(index);
            switch (how) {
                case SUBMIT:
                    return e.submit(body);
                case EXEC_FT: {
                    FutureTask<T> ft = new FutureTask<>(body);
                    e.execute(ft);
                    return ft;
                }
                case SCHEDULE:
                    return ((ScheduledExecutorService) e).schedule(body, delayMs, TimeUnit.MILLISECONDS);
                case PRIO: {
                    PrioTask<T> t = new PrioTask<>(body, prio.incrementAndGet() * 7919 % 101);
                    e.execute(t);
                    return t;
                }
                case CF:
                    return CompletableFuture.supplyAsync(supplier(body), e);
                case CF_RUN:
                    return runAsync(body, e);
                case ECS:
                    return new ExecutorCompletionService<T>(e).submit(body);
                default:
                    throw new AssertionError(how);
            }
        }

        @SuppressWarnings("unchecked")
        static <T> Future<T> runAsync(Callable<T> body, Executor e) {
            Supplier<T> s = supplier(body);
            return (Future<T>) (Future<?>) CompletableFuture.runAsync(s::get, e);
        }

        /** Runs {@code body} as member {@code m}: on its pool, or on a plain thread of its own. */
        <T> Future<T> launch(Member m, Callable<T> body) {
            if (m.pool >= 0) return submit(m.pool, m.submit, 0, body);
            if (m.pool == StressGen.VIRTUAL && virtual() != null) {
                if (m.submit == Submit.CF_RUN) return runAsync(body, virtual());
                if (m.submit.cf()) return CompletableFuture.supplyAsync(supplier(body), virtual());
                return virtual().submit(body);
            }
            Executor plain = m.pool == StressGen.VIRTUAL ? r -> plainThread(r, "-v") : r -> plainThread(r, "-t");
            if (m.submit == Submit.CF_RUN) return runAsync(body, plain);
            if (m.submit.cf()) return CompletableFuture.supplyAsync(supplier(body), plain);
            FutureTask<T> ft = new FutureTask<>(body);
            plain.execute(ft);
            return ft;
        }

        ExecutorService virtualThreads;
        boolean virtualTried;

        /** JDK 21+: a thread-per-task executor of virtual threads named {@code <tag>-v<n>}; null before JDK 21. */
        synchronized ExecutorService virtual() {
            if (!virtualTried) {
                virtualTried = true;
                try {
                    Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
                    Class<?> builderType = Class.forName("java.lang.Thread$Builder");
                    builder = builderType.getMethod("name", String.class, long.class).invoke(builder, tag + "-v", 1L);
                    ThreadFactory factory = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
                    virtualThreads = (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                            .invoke(null, factory);
                } catch (ReflectiveOperationException e) {
                    virtualThreads = null; // JDK 17: plain threads stand in
                }
            }
            return virtualThreads;
        }

        void plainThread(Runnable r, String kind) {
            Thread t = new Thread(r, tag + kind + plainThreads.incrementAndGet());
            t.setDaemon(true);
            plain.add(t);
            t.start();
        }

        boolean closed;

        void closePools() throws InterruptedException {
            if (closed) return;
            closed = true;
            for (Object o : pools) ((ExecutorService) o).shutdown();
            if (fj != null) fj.shutdown();
            if (virtualThreads != null) virtualThreads.shutdown();
            for (Object o : pools) {
                if (!((ExecutorService) o).awaitTermination(10, TimeUnit.SECONDS)) {
                    dumps.add("POOL-NOT-TERMINATED " + spec.seed + " " + o);
                }
            }
            if (fj != null) fj.awaitTermination(10, TimeUnit.SECONDS);
            if (virtualThreads != null) virtualThreads.awaitTermination(10, TimeUnit.SECONDS);
            for (Thread t : plain) t.join(10_000);
        }

        /** Stacks of every live thread of this program, for a STUCK program. */
        void dumpThreads() {
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                if (!e.getKey().getName().startsWith(tag + "-")) continue;
                StringBuilder sb = new StringBuilder("DUMP " + spec.seed + " '" + e.getKey().getName() + "' " + e.getKey().getState());
                for (StackTraceElement f : e.getValue()) sb.append("\n    at ").append(f);
                dumps.add(sb.toString());
            }
        }

        /** Unblocks whatever is left of a stuck program: interrupts its threads. */
        void interruptAll() {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith(tag + "-") && t != Thread.currentThread()) t.interrupt();
            }
        }
    }

    static <T> Supplier<T> supplier(Callable<T> body) {
        return () -> {
            try {
                return body.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        };
    }

    /** A TPE subclass with hooks and its own FutureTask subclass. */
    static final class HookedPool extends ThreadPoolExecutor {
        final AtomicLong before = new AtomicLong();
        final AtomicLong after = new AtomicLong();

        HookedPool(int n, ThreadFactory f) {
            super(n, n, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), f);
        }

        @Override
        protected void beforeExecute(Thread t, Runnable r) {
            before.incrementAndGet();
        }

        @Override
        protected void afterExecute(Runnable r, Throwable t) {
            after.incrementAndGet();
        }

        @Override
        protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
            return new TaggedTask<>(callable);
        }

        @Override
        protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
            return new TaggedTask<>(Executors.callable(runnable, value));
        }
    }

    static final class TaggedTask<T> extends FutureTask<T> {
        TaggedTask(Callable<T> c) {
            super(c);
        }
    }

    static final class PrioTask<T> extends FutureTask<T> implements Comparable<PrioTask<?>> {
        final long priority;

        PrioTask(Callable<T> c, long priority) {
            super(c);
            this.priority = priority;
        }

        @Override
        public int compareTo(PrioTask<?> o) {
            return Long.compare(priority, o.priority);
        }
    }

    /** Thrown by Runnables given to execute() on purpose: kills the worker. */
    static final class Killer extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Killer() {
            super("worker killed on purpose", null, false, false);
        }
    }

    /** A task's failure on purpose, carrying its node id. */
    static final class AppFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int id;

        AppFailure(int id) {
            super("task " + id + " fails on purpose", null, false, false);
            this.id = id;
        }
    }

    // ============================================================================================ waiting

    /** Waits on {@code f} as {@code w} says. Each kind is its own call site. */
    @SuppressWarnings("unchecked")
    static <T> T await(Future<T> f, Wait w, long shortMs) throws Exception {
        switch (w) {
            case GET: return f.get();
            case JOIN: return ((CompletableFuture<T>) f).join();
            case GET_LONG: return f.get(60, TimeUnit.SECONDS);
            case GET_SHORT: return f.get(shortMs, TimeUnit.MILLISECONDS);
            case POLL: return f.get(0, TimeUnit.MILLISECONDS);
            default: throw new AssertionError(w);
        }
    }

    static boolean isDde(Throwable t) {
        return t != null && t.getClass().getName().equals(DDE);
    }

    /** What a wait's exception says, as a token: DDE, EE>DDE, CE>DDE, EE>app, cancel, intr, timeout, odd:... */
    static String classify(Throwable t) {
        if (isDde(t)) return "DDE";
        if (t instanceof ExecutionException) return "EE>" + cause(t.getCause());
        if (t instanceof CompletionException) return "CE>" + cause(t.getCause());
        if (t instanceof CancellationException) return "cancel";
        if (t instanceof InterruptedException) return "intr";
        if (t instanceof TimeoutException) return "timeout";
        return "odd:" + t;
    }

    static String cause(Throwable c) {
        if (isDde(c)) return "DDE";
        if (c instanceof AppFailure) return "app";
        if (c instanceof CancellationException) return "cancel";
        return "odd:" + c;
    }

    /**
     * Whether {@code t} is parked inside a future's wait (not on a latch), and poolguard has checked that
     * wait (with the agent, it parks through {@code PoolguardHooks.park} once checked).
     */
    static boolean parkedInWait(Thread t) {
        if (t == null) return false;
        Thread.State s = t.getState();
        if (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING) return false;
        for (StackTraceElement e : t.getStackTrace()) {
            String c = e.getClassName();
            String m = e.getMethodName();
            if (c.equals("java.util.concurrent.FutureTask") && m.equals("awaitDone")) return true;
            if (c.equals("java.util.concurrent.CompletableFuture") && (m.equals("waitingGet") || m.equals("timedGet"))) return true;
            if (c.equals("dev.poolguard.bootstrap.PoolguardHooks") && (m.equals("park") || m.equals("parkNanos"))) {
                continue; // parked through the agent, which has checked this wait (before: parkBeforeFirstCheck)
            }
            if (c.startsWith("jdk.internal.") || c.equals("sun.misc.Unsafe")
                    || c.equals("java.util.concurrent.locks.LockSupport")
                    || c.startsWith("java.util.concurrent.CompletableFuture$")
                    || c.startsWith("java.util.concurrent.ForkJoinPool")
                    || c.startsWith("java.lang.VirtualThread") || c.startsWith("java.lang.System$")) {
                continue;
            }
            return false;
        }
        return false;
    }

    static boolean spinUntil(BooleanSupplier condition, long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) return false;
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    static void awaitLatch(CountDownLatch latch, long ms) throws InterruptedException {
        if (!latch.await(ms, TimeUnit.MILLISECONDS)) throw new IllegalStateException("latch not released in " + ms + " ms");
    }

    static void spin(int n) {
        long x = n;
        for (int i = 0; i < n; i++) x = x * 6364136223846793005L + 1442695040888963407L;
        if (x == 42) Thread.onSpinWait();
    }

    // ============================================================================================ DAG programs

    static final class DagRun {
        final Ctx ctx;
        final Spec spec;
        final AtomicReferenceArray<Future<Long>> futures;
        final AtomicLong timeouts = new AtomicLong(), interrupts = new AtomicLong(), cancels = new AtomicLong(),
                failures = new AtomicLong(), dde = new AtomicLong(), odd = new AtomicLong(), killersRan = new AtomicLong();
        final AtomicReference<String> firstOdd = new AtomicReference<>();

        DagRun(Ctx ctx) {
            this.ctx = ctx;
            this.spec = ctx.spec;
            this.futures = new AtomicReferenceArray<>(spec.nodes.size());
        }

        String run() throws Exception {
            List<Node> nodes = spec.nodes;
            int dagPools = spec.pools.size();
            if (spec.presubmit) {
                for (int i = nodes.size() - 1; i >= 0; i--) {
                    if (!nodes.get(i).noiseLeaf) futures.set(i, submitNode(nodes.get(i)));
                }
                if (spec.midflightShutdown) {
                    for (PoolSpec p : spec.pools) {
                        if (!isNoiseOrSide(p)) ctx.pool(p.index).shutdown();
                    }
                }
            } else {
                List<Node> shared = new ArrayList<>();
                for (Node n : nodes) if (n.shared) shared.add(n);
                shared.sort((a, b) -> Integer.compare(b.pool, a.pool)); // what a shared task waits on exists first
                for (Node n : shared) futures.set(n.id, submitNode(n));
                for (int id : spec.roots) futures.set(id, submitNode(nodes.get(id)));
            }
            String side = spec.side == null ? "" : side();
            long sum = 0;
            for (int i = 0; i < spec.roots.size(); i++) {
                int id = spec.roots.get(i);
                sum += contribution(futures.get(id), spec.rootWaits.get(i), id);
            }
            for (Node n : nodes) {
                // shared subtrees may have no waiter: let them finish (a CallerRunsPolicy pool discards tasks once shut down)
                if (n.shared) {
                    try {
                        futures.get(n.id).get(60, TimeUnit.SECONDS);
                    } catch (ExecutionException | CancellationException ignored) {
                        // counted, if anyone waited on it
                    }
                }
            }
            ctx.closePools();
            long expectedDeaths = 0;
            for (Node n : nodes) expectedDeaths += n.throwsInto;
            long want = expectedDeaths;
            spinUntil(() -> ctx.deaths.get() >= want, 5_000); // uncaught handlers run after the pool counts the worker gone
            odd.addAndGet(ctx.oddUncaught.get());
            return "sum=" + sum + " timeouts=" + timeouts + " interrupts=" + interrupts + " cancels=" + cancels
                    + " failures=" + failures + " deaths=" + ctx.deaths + " dde=" + dde + " odd=" + odd
                    + side + (firstOdd.get() == null ? "" : " first-odd=" + firstOdd.get().replace(' ', '_'));
        }

        boolean isNoiseOrSide(PoolSpec p) {
            return spec.side != null && p.index == spec.side.pool || p.index >= dagPoolCount();
        }

        int dagPoolCount() {
            // pools before the two noise pools (the side pool, if any, comes after them)
            int count = spec.pools.size() - 2;
            if (spec.side != null) count--;
            return count;
        }

        Future<Long> submitNode(Node n) {
            return ctx.submit(n.pool, n.submit, n.delayMs, () -> body(n));
        }

        long body(Node n) throws Exception {
            spin(n.spin);
            if (n.sleep) Thread.sleep(1);
            long v = spec.base(n.id);
            if (!spec.presubmit) {
                if (n.invokeAll) {
                    Map<Integer, List<Node>> byPool = new java.util.TreeMap<>();
                    for (Edge e : n.edges) {
                        Node c = spec.nodes.get(e.child);
                        if (e.noise == Noise.NONE && !e.shared && c.submit == Submit.SUBMIT) {
                            byPool.computeIfAbsent(c.pool, k -> new ArrayList<>()).add(c);
                        }
                    }
                    for (Map.Entry<Integer, List<Node>> group : byPool.entrySet()) {
                        List<Callable<Long>> calls = new ArrayList<>();
                        for (Node c : group.getValue()) calls.add(() -> body(c));
                        List<Future<Long>> done = ctx.pool(group.getKey()).invokeAll(calls);
                        for (int i = 0; i < done.size(); i++) futures.set(group.getValue().get(i).id, done.get(i));
                    }
                }
                for (Edge e : n.edges) {
                    if (e.noise == Noise.NONE && !e.shared && futures.get(e.child) == null) {
                        futures.set(e.child, submitNode(spec.nodes.get(e.child)));
                    }
                }
            }
            for (Edge e : n.edges) {
                switch (e.noise) {
                    case NONE:
                        v += contribution(futures.get(e.child), e.wait, e.child);
                        break;
                    case TIMEOUT:
                        v += timeoutEdge(spec.nodes.get(e.child));
                        break;
                    case INTERRUPT:
                        v += interruptEdge(spec.nodes.get(e.child), e.wait);
                        break;
                    case CANCEL:
                        v += cancelEdge(spec.nodes.get(e.child), e.wait);
                        break;
                    default:
                        throw new AssertionError(e.noise);
                }
            }
            for (int k = 0; k < n.throwsInto; k++) {
                ctx.pool(n.throwPool).execute(() -> {
                    killersRan.incrementAndGet();
                    throw new Killer();
                });
            }
            if (n.fails) throw new AppFailure(n.id);
            return v;
        }

        long contribution(Future<Long> f, Wait w, int child) {
            try {
                return await(f, w, SHORT_MS);
            } catch (Throwable t) {
                Throwable c = t instanceof ExecutionException || t instanceof CompletionException ? t.getCause() : t;
                if (c instanceof AppFailure && ((AppFailure) c).id == child) {
                    failures.incrementAndGet();
                    return spec.penalty(child);
                }
                noteUnexpected(t);
                return 0;
            }
        }

        void noteUnexpected(Throwable t) {
            if (isDde(t) || isDde(t.getCause())) {
                dde.incrementAndGet();
            } else {
                odd.incrementAndGet();
            }
            firstOdd.compareAndSet(null, Thread.currentThread().getName() + ":" + t);
            if (t instanceof InterruptedException) Thread.currentThread().interrupt();
        }

        /** The leaf waits for a gate that opens only after the parent's short get expired. */
        long timeoutEdge(Node leaf) {
            CountDownLatch gate = new CountDownLatch(1);
            Future<Long> f = ctx.submit(leaf.pool, leaf.submit, 0, () -> {
                awaitLatch(gate, 10_000);
                return spec.base(leaf.id);
            });
            try {
                await(f, Wait.GET_SHORT, NOISE_TIMEOUT_MS);
                odd.incrementAndGet();
                firstOdd.compareAndSet(null, "timeout edge did not time out");
            } catch (TimeoutException expected) {
                timeouts.incrementAndGet();
            } catch (Throwable t) {
                noteUnexpected(t);
            }
            gate.countDown();
            return contribution(f, Wait.GET, leaf.id);
        }

        /** The leaf interrupts the parent once it is parked waiting on it, then waits for the parent's go. */
        long interruptEdge(Node leaf, Wait wait) {
            AtomicReference<Thread> waiter = new AtomicReference<>();
            CountDownLatch gate = new CountDownLatch(1);
            Future<Long> f = ctx.submit(leaf.pool, leaf.submit, 0, () -> {
                if (spinUntil(() -> parkedInWait(waiter.get()), 10_000)) waiter.get().interrupt();
                awaitLatch(gate, 10_000);
                return spec.base(leaf.id);
            });
            waiter.set(Thread.currentThread());
            try {
                await(f, wait, SHORT_MS);
                odd.incrementAndGet();
                firstOdd.compareAndSet(null, "interrupt edge was not interrupted");
            } catch (InterruptedException expected) {
                interrupts.incrementAndGet();
            } catch (Throwable t) {
                noteUnexpected(t);
            }
            gate.countDown();
            return contribution(f, Wait.GET, leaf.id);
        }

        /** The victim cannot finish before the parent cancels it. */
        long cancelEdge(Node leaf, Wait wait) {
            CountDownLatch gate = new CountDownLatch(1);
            Future<Long> f = ctx.submit(leaf.pool, leaf.submit, 0, () -> {
                awaitLatch(gate, 10_000);
                return spec.base(leaf.id);
            });
            f.cancel(true);
            gate.countDown();
            try {
                await(f, wait, SHORT_MS);
                odd.incrementAndGet();
                firstOdd.compareAndSet(null, "cancelled victim returned a value");
            } catch (CancellationException expected) {
                cancels.incrementAndGet();
            } catch (Throwable t) {
                noteUnexpected(t);
            }
            return spec.cancelConst(leaf.id);
        }

        /** A pool shut down mid-flight: what it accepted runs (or, for shutdownNow, is handed back), the rest is refused. */
        String side() throws Exception {
            StressGen.Side side = spec.side;
            ExecutorService pool = ctx.pool(side.pool);
            if (!side.now) {
                List<Future<Long>> accepted = new ArrayList<>();
                for (int i = 0; i < side.accepted; i++) {
                    int k = i;
                    accepted.add(pool.submit(() -> {
                        spin(200);
                        return spec.base(100_000 + k);
                    }));
                }
                pool.shutdown();
                int refused = refuse(pool, side.refused);
                long sum = 0;
                for (Future<Long> f : accepted) sum += f.get();
                return " side=sum:" + sum + " refused=" + refused;
            }
            CountDownLatch never = new CountDownLatch(1);
            AtomicInteger started = new AtomicInteger(), interrupted = new AtomicInteger();
            for (int i = 0; i < side.accepted; i++) {
                pool.submit(() -> {
                    started.incrementAndGet();
                    try {
                        never.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                    }
                    return 0L;
                });
            }
            List<Runnable> pending = pool.shutdownNow();
            int refused = refuse(pool, side.refused);
            pool.awaitTermination(10, TimeUnit.SECONDS);
            for (Runnable r : pending) ((Future<?>) r).cancel(false);
            boolean ok = started.get() + pending.size() == side.accepted && interrupted.get() == started.get();
            return " side=" + (ok ? "now-ok" : "now-bad(started=" + started + ",pending=" + pending.size()
                    + ",interrupted=" + interrupted + ")") + " refused=" + refused;
        }

        int refuse(ExecutorService pool, int tries) {
            int refused = 0;
            for (int i = 0; i < tries; i++) {
                try {
                    pool.submit(() -> 0L);
                } catch (RejectedExecutionException expected) {
                    refused++;
                }
            }
            return refused;
        }
    }

    // ============================================================================================ planted programs

    static final class PlantRun {
        final Ctx ctx;
        final Spec spec;
        final Plant p;
        final List<Member> waiters;
        final int w;
        final AtomicReferenceArray<Thread> threads;
        final AtomicReferenceArray<String> tokens;
        /** The waiter started its last wait. */
        final AtomicReferenceArray<Boolean> finalWait;
        /** Its last wait is one the program may break (untimed or long), not one that ends by itself. */
        final boolean[] breakable;
        final CyclicBarrier barrier;
        final CountDownLatch finished;
        final List<Future<?>> everything = new CopyOnWriteArrayList<>();
        volatile String joinerToken;
        Thread joinerThread;
        /** Set before the program breaks its deadlock; a waiter released by it waits for {@link #breakDone}. */
        volatile boolean breaking;
        final CountDownLatch breakDone = new CountDownLatch(1);
        /** The CYCLE's lock link, if it has one. */
        final List<LockLinkRun> lockLinks = new CopyOnWriteArrayList<>();

        PlantRun(Ctx ctx) {
            this.ctx = ctx;
            this.spec = ctx.spec;
            this.p = spec.plant;
            this.waiters = p.waiters();
            this.w = waiters.size();
            this.threads = new AtomicReferenceArray<>(Math.max(1, w));
            this.tokens = new AtomicReferenceArray<>(Math.max(1, w));
            this.finalWait = new AtomicReferenceArray<>(Math.max(1, w));
            this.breakable = new boolean[Math.max(1, w)];
            for (int i = 0; i < w; i++) {
                Wait last = waiters.get(i).wait;
                boolean planted = p.shape != Shape.NEAR_MISS;
                breakable[i] = planted && (last == Wait.GET || last == Wait.JOIN || last == Wait.GET_LONG
                        || (p.timing == Timing.REFORMED && i == p.closer));
            }
            this.barrier = p.ordered ? null : new CyclicBarrier(Math.max(1, w));
            this.finished = new CountDownLatch(Math.max(1, w));
        }

        String run() throws Exception {
            Runnable breaker;
            if (p.shape == Shape.NEAR_MISS) {
                breaker = nearMiss();
            } else if (p.shape == Shape.SELF_WAIT) {
                breaker = selfWait();
            } else if (p.shape == Shape.CYCLE) {
                breaker = cycle();
            } else {
                breaker = starvation();
            }
            boolean stuck = !supervise(breaker);
            if (stuck) {
                ctx.dumpThreads();
                ctx.interruptAll();
                spinUntil(() -> finished.getCount() == 0, 5_000);
            }
            if (joinerThread != null) joinerThread.join(10_000);
            StringBuilder sb = new StringBuilder(stuck ? "STUCK " : "");
            sb.append("waits=");
            for (int i = 0; i < w; i++) {
                if (i > 0) sb.append(',');
                sb.append(tokens.get(i));
                Thread t = threads.get(i);
                ctx.ring.add(t == null ? "?" : t.getName());
            }
            for (LockLinkRun link : lockLinks) {
                Thread t = link.linkThread(); // blocked on a lock, not a waiter, but in the ring all the same
                ctx.ring.add(t == null ? "?" : t.getName());
            }
            sb.append(" joiner=").append(p.joiner == null ? "-" : joinerToken);
            return sb.toString();
        }

        /** Waits for the program to end, breaking its deadlock once every waiter is parked. Returns false if stuck. */
        boolean supervise(Runnable breaker) throws InterruptedException {
            long end = System.nanoTime() + GUARD_MS * 1_000_000;
            boolean broken = false;
            while (!allDone()) {
                if (System.nanoTime() > end) return false;
                if (!broken && breaker != null && readyToBreak()) {
                    Thread.sleep(5);
                    if (readyToBreak()) {
                        // no waiter may go on (and free a worker that would run a task not yet cancelled)
                        // before every cancellation is done
                        breaking = true;
                        breaker.run();
                        broken = true;
                        breakDone.countDown();
                    }
                }
                Thread.sleep(2);
            }
            return true;
        }

        boolean allDone() {
            if (finished.getCount() > 0) return false;
            for (Future<?> f : everything) if (!f.isDone()) return false;
            return joinerThread == null || !joinerThread.isAlive();
        }

        boolean readyToBreak() {
            for (int i = 0; i < w; i++) {
                if (!breakable[i] || finalWait.get(i) == null || !parkedInWait(threads.get(i))) return false;
            }
            return true;
        }

        boolean allParked() {
            for (int i = 0; i < w; i++) if (!parkedInWait(threads.get(i))) return false;
            return true;
        }

        boolean closerWaitsForOthers() {
            if (p.shape != Shape.NEAR_MISS) return p.ordered;
            switch (p.nearMiss) {
                case PRE_INTERRUPTED_CYCLE: case PRE_INTERRUPTED_STARVATION: case PRE_INTERRUPTED_SELF: case ZERO_POLL_CYCLE:
                    return true;
                default:
                    return false;
            }
        }

        /**
         * Waiter {@code i}'s wait on {@code target}: in order (the closer after every other waiter is parked) or all
         * at once; records what it saw; rethrows a DeadlockDetectedException if the member says so.
         */
        int waitStep(int i, Future<?> target) throws Exception {
            Member m = waiters.get(i);
            if (barrier != null) {
                barrier.await(10, TimeUnit.SECONDS);
            } else if (closerWaitsForOthers() && i == p.closer) {
                spinUntil(() -> {
                    for (int j = 0; j < w; j++) if (j != i && !parkedInWait(threads.get(j))) return false;
                    return !p.springAsync || parkedInWait(joinerThread); // the pool's outside submitter, blocked too
                }, 10_000);
            }
            if (p.shutdownFirst && i == p.closer) ctx.pool(p.starvedPool).shutdown();
            if (p.preInterrupt && i == p.closer) Thread.currentThread().interrupt();
            Throwable last = null;
            String token;
            if (p.timing == Timing.REFORMED && i == p.closer) {
                String first = attempt(target, Wait.GET_SHORT);
                finalWait.set(i, true);
                Throwable[] thrown = new Throwable[1];
                String second = attempt(target, Wait.GET, thrown);
                last = thrown[0];
                token = first + "+" + second;
            } else {
                finalWait.set(i, true);
                Throwable[] thrown = new Throwable[1];
                token = attempt(target, m.wait, thrown);
                last = thrown[0];
            }
            tokens.set(i, token);
            if (breaking) awaitLatch(breakDone, 10_000);
            if (isDde(last)) {
                ctx.ddeThread.set(Thread.currentThread().getName());
                if (m.propagate) throw (RuntimeException) last;
            }
            return i;
        }

        String attempt(Future<?> target, Wait wait) {
            return attempt(target, wait, new Throwable[1]);
        }

        String attempt(Future<?> target, Wait wait, Throwable[] thrown) {
            try {
                await(target, wait, SHORT_MS);
                return "ok";
            } catch (Throwable t) {
                thrown[0] = t;
                if (t instanceof InterruptedException) Thread.interrupted();
                return classify(t);
            }
        }

        void startJoiner(Future<?> target) {
            if (p.joiner == null) return;
            joinerThread = new Thread(() -> joinerToken = attempt(target, p.joiner), ctx.tag + "-joiner");
            joinerThread.setDaemon(true);
            joinerThread.start();
        }

        /** Runs a waiter's body: records its thread, counts it finished whatever happens. */
        Callable<Integer> waiterBody(int i, Callable<Integer> body) {
            return () -> {
                threads.set(i, Thread.currentThread());
                try {
                    return body.call();
                } finally {
                    finished.countDown();
                }
            };
        }

        // ---------------------------------------------------------------- SELF_WAIT

        Runnable selfWait() throws Exception {
            Member m = p.members.get(0);
            CountDownLatch published = new CountDownLatch(1);
            AtomicReference<Future<Integer>> self = new AtomicReference<>();
            Callable<Integer> body;
            CountDownLatch release = new CountDownLatch(1);
            if (p.selfVariant == SelfVariant.INLINE) {
                int saturated = m.pool + 1;
                CountDownLatch blocking = new CountDownLatch(1);
                everything.add(ctx.pool(saturated).submit(() -> {
                    blocking.countDown();
                    return release.await(30, TimeUnit.SECONDS);
                }));
                awaitLatch(blocking, 10_000);
                body = waiterBody(0, () -> {
                    try {
                        awaitLatch(published, 10_000);
                        // the saturated pool's CallerRunsPolicy runs this on the member's own thread
                        Future<Integer> inner = ctx.pool(saturated).submit(() -> waitStep(0, self.get()));
                        try {
                            inner.get();
                        } catch (ExecutionException ignored) {
                            // what it saw is in its token
                        }
                        return 0;
                    } finally {
                        release.countDown();
                    }
                });
            } else {
                body = waiterBody(0, () -> {
                    awaitLatch(published, 10_000);
                    return waitStep(0, self.get());
                });
            }
            Future<Integer> f = ctx.launch(m, body);
            self.set(f);
            everything.add(f);
            published.countDown();
            startJoiner(f);
            return () -> {
                f.cancel(false);
                release.countDown();
            };
        }

        // ---------------------------------------------------------------- CYCLE

        Runnable cycle() throws Exception {
            int n = p.members.size();
            AtomicReferenceArray<Future<Integer>> fs = new AtomicReferenceArray<>(n);
            CountDownLatch started = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            // a lock link: the last member waits on it, a task blocked on the lock the first member holds
            LockLinkRun link = p.lockLink == StressGen.LockLink.NONE ? null : new LockLinkRun(p.lockLink);
            Future<Integer> linked = link == null ? null
                    : ctx.launch(new Member(StressGen.PLAIN, StressGen.Submit.SUBMIT, null, false), link.link());
            if (linked != null) everything.add(linked);
            for (int i = 0; i < n; i++) {
                int k = i;
                Future<Integer> f = ctx.launch(p.members.get(i), waiterBody(i, () -> {
                    started.countDown();
                    awaitLatch(go, 10_000);
                    if (link != null && k == 0) return link.holding(() -> waitStep(0, fs.get(1 % n)));
                    return waitStep(k, link != null && k == n - 1 ? linked : fs.get((k + 1) % n));
                }));
                fs.set(i, f);
                everything.add(f);
            }
            awaitLatch(started, 10_000);
            go.countDown();
            startJoiner(fs.get(0));
            if (link != null) {
                lockLinks.add(link);
                return () -> linked.cancel(false);
            }
            return () -> fs.get(0).cancel(false);
        }

        // ---------------------------------------------------------------- STARVATION

        Runnable starvation() throws Exception {
            int n = p.members.size();
            List<Future<?>> children = new CopyOnWriteArrayList<>();
            CountDownLatch started = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            int[] viaIndex = new int[n];
            int x = n;
            for (int i = 0; i < n; i++) viaIndex[i] = p.vias.get(i) == null ? -1 : x++;
            List<Future<Integer>> workers = new CopyOnWriteArrayList<>();
            Callable<Void> launch = () -> {
                for (int i = 0; i < n; i++) {
                    int k = i;
                    Member m = p.members.get(i);
                    Future<Integer> f = ctx.submit(m.pool, m.submit, 0, waiterBody(i, () -> {
                        started.countDown();
                        awaitLatch(go, 10_000);
                        Member via = p.vias.get(k);
                        if (via == null) {
                            Future<Integer> child = child(k);
                            children.add(child);
                            return waitStep(k, child);
                        }
                        int xi = viaIndex[k];
                        Future<Integer> xf = ctx.launch(via, waiterBody(xi, () -> {
                            Future<Integer> child = child(k);
                            children.add(child);
                            return waitStep(xi, child);
                        }));
                        everything.add(xf);
                        return waitStep(k, xf);
                    }));
                    workers.add(f);
                    everything.add(f);
                }
                awaitLatch(started, 10_000);
                go.countDown();
                return null;
            };
            if (p.springAsync) {
                // the joiner submits the members, then waits on the first: the pool's only outside submitter is blocked
                CountDownLatch launched = new CountDownLatch(1);
                joinerThread = new Thread(() -> {
                    try {
                        launch.call();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        launched.countDown();
                    }
                    joinerToken = attempt(workers.get(0), p.joiner);
                }, ctx.tag + "-joiner");
                joinerThread.setDaemon(true);
                joinerThread.start();
                awaitLatch(launched, 10_000);
            } else {
                launch.call();
                startJoiner(workers.get(0));
            }
            return () -> {
                for (Future<?> c : children) c.cancel(false);
            };
        }

        /** Member k's child: into the starved pool, or (cross variant) into the pool other than its own. */
        Future<Integer> child(int k) {
            int target = p.crossPool < 0 || p.members.get(k).pool != p.starvedPool ? p.starvedPool : p.crossPool;
            return ctx.submit(target, p.children.get(k), p.childDelays.get(k), () -> k);
        }

        // ---------------------------------------------------------------- near misses

        Runnable nearMiss() throws Exception {
            switch (p.nearMiss) {
                case FREE_WORKER: return freeWorker();
                case GROWTH: growth(); return null;
                case CHAIN: return chain();
                case HELP_INLINE:
                case CANCELLED_CHILD: oneWorker(); return null;
                case PRE_INTERRUPTED_CYCLE:
                case ZERO_POLL_CYCLE: cycle(); return null;
                case PRE_INTERRUPTED_STARVATION: starvation(); return null;
                case PRE_INTERRUPTED_SELF: selfWait(); return null;
                case GROWABLE: growable(); return null;
                case FJ_HELPING: fjHelping(); return null;
                default: throw new AssertionError(p.nearMiss);
            }
        }

        /** n-1 workers submit-and-wait while the n-th is busy (not waiting on a future); then it is let go. */
        Runnable freeWorker() throws Exception {
            int n = p.members.size() + 1;
            int pool = p.members.get(0).pool;
            CountDownLatch started = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            for (int i = 0; i < n - 1; i++) {
                int k = i;
                Member m = p.members.get(i);
                everything.add(ctx.submit(pool, m.submit, 0, waiterBody(i, () -> {
                    started.countDown();
                    awaitLatch(go, 10_000);
                    Future<Integer> child = ctx.submit(pool, p.children.get(k), p.childDelays.get(k), () -> k);
                    everything.add(child);
                    return waitStep(k, child);
                })));
            }
            Submit blockerSubmit = spec.pools.get(pool).kind == PoolKind.PRIORITY ? Submit.PRIO : Submit.SUBMIT;
            everything.add(ctx.submit(pool, blockerSubmit, 0, () -> {
                started.countDown();
                return release.await(30, TimeUnit.SECONDS);
            }));
            awaitLatch(started, 10_000);
            go.countDown();
            Thread releaser = new Thread(() -> {
                spinUntil(this::allParked, 10_000);
                release.countDown();
            }, ctx.tag + "-releaser");
            releaser.setDaemon(true);
            releaser.start();
            return null;
        }

        /** Every core worker submits while the queue is full: the pool grows, a new worker runs each child. */
        void growth() throws Exception {
            int core = p.members.size();
            int pool = p.members.get(0).pool;
            PoolSpec ps = spec.pools.get(pool);
            CountDownLatch started = new CountDownLatch(core);
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < core; i++) {
                int k = i;
                Member m = p.members.get(i);
                everything.add(ctx.submit(pool, m.submit, 0, waiterBody(i, () -> {
                    started.countDown();
                    awaitLatch(go, 10_000);
                    Thread me = Thread.currentThread();
                    Future<Integer> child = ctx.submit(pool, p.children.get(k), 0, () -> {
                        spinUntil(() -> parkedInWait(me), 10_000);
                        return k;
                    });
                    everything.add(child);
                    return waitStep(k, child);
                })));
            }
            awaitLatch(started, 10_000);
            for (int i = 0; i < ps.cap; i++) everything.add(ctx.pool(pool).submit(() -> 0));
            go.countDown();
        }

        /** A chain of waits ending on a future nobody runs yet; completed by the program once all are parked. */
        Runnable chain() throws Exception {
            int n = p.members.size();
            AtomicReferenceArray<Future<Integer>> fs = new AtomicReferenceArray<>(n);
            CountDownLatch started = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Integer> externalCf = new CompletableFuture<>();
            FutureTask<Integer> externalFt = new FutureTask<>(() -> 99);
            Future<Integer> external = p.children.get(0).cf() ? externalCf : externalFt;
            for (int i = 0; i < n; i++) {
                int k = i;
                Future<Integer> f = ctx.launch(p.members.get(i), waiterBody(i, () -> {
                    started.countDown();
                    awaitLatch(go, 10_000);
                    return waitStep(k, k + 1 < n ? fs.get(k + 1) : external);
                }));
                fs.set(i, f);
                everything.add(f);
            }
            awaitLatch(started, 10_000);
            go.countDown();
            startJoiner(fs.get(0));
            Thread completer = new Thread(() -> {
                spinUntil(this::allParked, 10_000);
                externalCf.complete(99);
                externalFt.run();
            }, ctx.tag + "-completer");
            completer.setDaemon(true);
            completer.start();
            return null;
        }

        /** The only worker submits to its own pool and then runs the child itself, or cancels it, before get. */
        void oneWorker() throws Exception {
            Member m = p.members.get(0);
            everything.add(ctx.submit(m.pool, m.submit, 0, waiterBody(0, () -> {
                Future<Integer> child = ctx.pool(m.pool).submit(() -> 1);
                everything.add(child);
                if (p.nearMiss == NearMiss.HELP_INLINE) {
                    ((RunnableFuture<Integer>) child).run();
                } else {
                    child.cancel(false);
                }
                return waitStep(0, child);
            })));
        }

        /** One core worker waits on a queued child; later submissions fill the queue and overflow it: the pool grows. */
        void growable() throws Exception {
            Member m = p.members.get(0);
            PoolSpec ps = spec.pools.get(m.pool);
            everything.add(ctx.submit(m.pool, m.submit, 0, waiterBody(0, () -> {
                Future<Integer> child = ctx.submit(m.pool, p.children.get(0), 0, () -> 0);
                everything.add(child);
                return waitStep(0, child);
            })));
            spinUntil(() -> parkedInWait(threads.get(0)) || finished.getCount() == 0, 10_000);
            for (int i = 0; i < ps.cap - 1; i++) everything.add(ctx.pool(m.pool).submit(() -> 0)); // the queue is full
            everything.add(ctx.pool(m.pool).submit(() -> 0)); // refused by the queue: the pool starts a worker
        }

        /**
         * A ForkJoin worker joins a CompletableFuture x (on a TPE worker); on JDK 21+ it first helps, running the async
         * task y from its own queue inline; x waits on y. Nothing is stuck: y returns, x completes, the join returns.
         */
        void fjHelping() throws Exception {
            ctx.fj = new ForkJoinPool(1, pool -> {
                ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                t.setName(ctx.tag + "-fj-" + t.getPoolIndex());
                t.setDaemon(true);
                return t;
            }, null, false);
            Member x = p.members.get(1);
            CountDownLatch yRunning = new CountDownLatch(1);
            Future<Integer> outer = CompletableFuture.supplyAsync(supplier(waiterBody(0, () -> {
                CompletableFuture<Integer> y = CompletableFuture.supplyAsync(() -> {
                    yRunning.countDown();
                    spinUntil(() -> parkedInWait(threads.get(1)), 5_000);
                    return 1;
                }, ctx.fj);
                Future<Integer> xf = ctx.submit(x.pool, Submit.CF, 0, waiterBody(1, () -> {
                    awaitLatch(yRunning, 10_000);
                    return waitStep(1, y);
                }));
                everything.add(xf);
                return waitStep(0, xf);
            })), ctx.fj);
            everything.add(outer);
        }
    }
}
