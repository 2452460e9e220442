package dev.poolguard.it.stress;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Random executor programs whose true outcome is known by construction. Pure: a seed gives a {@link Spec},
 * the same in the child JVM that runs it ({@link StressChild}) and in the test that judges it ({@link StressIT}),
 * and {@link Spec#expectedResults}/{@link Spec#expectedDeadlocks} say what a correct agent must produce.
 *
 * <p>Two families:
 * <ul>
 * <li><b>DAG</b> programs never deadlock. Pools are layered: a task waits only on tasks of later pools, or of its
 *     own pool when that pool has a worker to spare for it (at most {@code workers - 1} tasks of a pool ever wait
 *     on a task of the same pool; a pool that never queues has no limit), so some worker can always progress.
 *     Their result (a sum over the task graph, plus counts of the timeouts, interrupts, cancellations, failures,
 *     worker deaths and rejections the program provokes on purpose) is computed here, and must come out the same
 *     with and without the agent, in every mode.</li>
 * <li><b>Planted</b> programs build exactly one deadlock of a known kind (SELF_WAIT, CYCLE of 2..4 threads
 *     across pools and plain threads, one link of it sometimes through a lock ({@link LockLink}), STARVATION of
 *     a pool whose every worker waits, directly or through another thread, on tasks queued in it, among them
 *     pools that could grow but that nobody can make grow), with latches so that the ring is complete before the waits begin,
 *     or a near miss that looks like one and is not. Without the agent, or in log mode, the program breaks its
 *     own deadlock once every thread of it is parked (cancelling a future of the ring, never interrupting), so
 *     nothing hangs and the outcome of every wait is known; in fail mode the closing wait must throw.</li>
 * </ul>
 * Shapes on which the agent is known to be wrong ({@link KnownIssue}) are generated only when asked for, so that
 * the CI slice stays green while each issue keeps its own reproducing test.
 */
public final class StressGen {
    private StressGen() {}

    /** How the child JVM ran: with the agent in log or fail mode, or without it. */
    public enum Mode { LOG, FAIL, NONE }

    /** Shapes where the agent is known (by this stress) to be wrong; generated only on request. */
    public enum KnownIssue {
        /** A wait whose thread has a pending interrupt never blocks, yet is reported as closing a deadlock (and throws in fail mode). */
        PRE_INTERRUPTED,
        /** An untimed deadlock that re-forms on the same threads and futures after a timed one ended is neither reported nor thrown. */
        REFORMED,
        /** A {@code get(0, unit)} poll, which never blocks, is reported as closing a (timed) deadlock. */
        ZERO_POLL,
        /** STARVATION reported for a pool that can still grow (bounded queue, max > core): a later submission resolves it. */
        GROWABLE,
        /** JDK 21+: a ForkJoin worker blocked in CompletableFuture.join runs queued async tasks inline; a wait on such a task is reported as a CYCLE. */
        FJ_HELPING,
        /**
         * A real STARVATION is missed when the awaited task is queued inside a wrapper: ScheduledThreadPoolExecutor's
         * execute (of a FutureTask or a CompletableFuture async task), ExecutorCompletionService's QueueingFuture.
         */
        WRAPPED_IN_SCHEDULED,
        /**
         * Fail mode: two waits that close the same deadlock at the same moment both throw, and it is reported twice
         * (the dedup key is computed from live waits after the first closer already ended its own).
         */
        RACING_CLOSERS
    }

    public enum Shape { DAG, SELF_WAIT, CYCLE, STARVATION, NEAR_MISS }

    public enum PoolKind {
        /** TPE(n, n, unbounded LinkedBlockingQueue). */
        FIXED,
        /** TPE(0, MAX, SynchronousQueue): never queues. */
        CACHED,
        /** TPE(n, n, ArrayBlockingQueue(cap), CallerRunsPolicy). */
        BOUNDED_CR,
        /** TPE(n, n, SynchronousQueue, CallerRunsPolicy): never queues, runs inline when all busy. */
        SYNC_CR,
        /** TPE(core, max, ArrayBlockingQueue(cap), CallerRunsPolicy). */
        GROWING_CR,
        /** TPE(core, max, ArrayBlockingQueue(cap), AbortPolicy). */
        GROWING_ABQ,
        /** ScheduledThreadPoolExecutor(n). */
        SCHEDULED,
        /** TPE(n, n, PriorityBlockingQueue): tasks are comparable FutureTasks given to execute. */
        PRIORITY,
        /** TPE(n, n, LinkedBlockingDeque). */
        DEQUE,
        /** TPE(n, n, LinkedTransferQueue). */
        TRANSFER,
        /** TPE(n, n, 5 ms keep-alive, allowCoreThreadTimeOut): workers come and go. */
        CORE_TIMEOUT,
        /** A TPE subclass with beforeExecute/afterExecute and its own FutureTask subclass from newTaskFor. */
        SUBCLASS,
        /** Executors.newSingleThreadExecutor(factory): a wrapper around a one-thread TPE. */
        SINGLE
    }

    /** How a task is handed to its pool. */
    public enum Submit {
        /** ExecutorService.submit(Callable): a FutureTask made by the pool. */
        SUBMIT,
        /** execute(new FutureTask(callable)). */
        EXEC_FT,
        /** ScheduledThreadPoolExecutor.schedule(callable, delay). */
        SCHEDULE,
        /** execute(a comparable FutureTask), the only way into a PriorityBlockingQueue pool. */
        PRIO,
        /** CompletableFuture.supplyAsync(supplier, pool). */
        CF,
        /** CompletableFuture.runAsync(runnable, pool) (planted programs only: no value). */
        CF_RUN,
        /** new ExecutorCompletionService(pool).submit(callable): queued inside a QueueingFuture. */
        ECS;

        boolean cf() {
            return this == CF || this == CF_RUN;
        }
    }

    /** How a thread waits on a future. */
    public enum Wait {
        /** get(): FutureTask.awaitDone / CompletableFuture.waitingGet(interruptible). */
        GET,
        /** CompletableFuture.join(): uninterruptible. */
        JOIN,
        /** get(60 s): timed, never expires in these programs. */
        GET_LONG,
        /** get(short): timed, expires (a closing wait of a timed deadlock). */
        GET_SHORT,
        /** get(0): a poll that never blocks. */
        POLL;

        boolean timed() {
            return this == GET_LONG || this == GET_SHORT || this == POLL;
        }

        boolean interruptible() {
            return this != JOIN;
        }
    }

    /** A pool of a program; its threads are named {@code <tag>-p<index>-<n>}. */
    public static final class PoolSpec {
        public final int index;
        public final PoolKind kind;
        public final int core;
        public final int max;
        public final int cap;

        PoolSpec(int index, PoolKind kind, int core, int max, int cap) {
            this.index = index;
            this.kind = kind;
            this.core = core;
            this.max = max;
            this.cap = cap;
        }

        /** May run a task on the submitting thread (CallerRunsPolicy). */
        public boolean inline() {
            return kind == PoolKind.BOUNDED_CR || kind == PoolKind.SYNC_CR || kind == PoolKind.GROWING_CR;
        }

        /** Workers the pool can always run at once (Integer.MAX_VALUE: never queues). */
        int guaranteed() {
            switch (kind) {
                case CACHED:
                case SYNC_CR:
                    return Integer.MAX_VALUE;
                case SINGLE:
                    return 1;
                default:
                    return core;
            }
        }

        /** How many of its tasks may wait on a task of the same pool without any risk of starving it. */
        int sameBudget() {
            if (kind == PoolKind.CORE_TIMEOUT) {
                // allowCoreThreadTimeOut: an idle worker that times out just as a task is queued exits without a
                // replacement when a (blocked) worker remains (processWorkerExit's min is 1), so a same-pool wait can
                // really starve there: none allowed
                return 0;
            }
            int g = guaranteed();
            return g == Integer.MAX_VALUE ? Integer.MAX_VALUE : g - 1;
        }

        boolean takesCf() {
            return kind != PoolKind.PRIORITY;
        }

        /** A throwing Runnable given to execute() kills the worker (not in STPE, which wraps it; not inline). */
        boolean killsWorkers() {
            return !inline() && kind != PoolKind.SCHEDULED && kind != PoolKind.PRIORITY;
        }

        /** Queues what it cannot run, without refusing or growing, up to {@code n} tasks (for planted starvation). */
        boolean queuesQuietly(int n) {
            switch (kind) {
                case FIXED: case SCHEDULED: case PRIORITY: case DEQUE: case TRANSFER: case CORE_TIMEOUT:
                case SUBCLASS: case SINGLE:
                    return true;
                case BOUNDED_CR: case GROWING_ABQ:
                    return cap >= n;
                default:
                    return false;
            }
        }

        @Override
        public String toString() {
            return "p" + index + ":" + kind + "(" + core + "," + (max == Integer.MAX_VALUE ? "max" : max) + (cap > 0 ? ",cap" + cap : "") + ")";
        }
    }

    // ------------------------------------------------------------------------------------------------ DAG

    public enum Noise { NONE, TIMEOUT, INTERRUPT, CANCEL }

    /** One edge of the task graph: the parent waits on {@code child}. */
    public static final class Edge {
        public final int child;
        public final Wait wait;
        public final Noise noise;
        /** Nested mode: the child was submitted by the driver up front, and several tasks may wait on it. */
        public final boolean shared;

        Edge(int child, Wait wait, Noise noise, boolean shared) {
            this.child = child;
            this.wait = wait;
            this.noise = noise;
            this.shared = shared;
        }
    }

    /** A task of a DAG program. */
    public static final class Node {
        public final int id;
        public final int pool;
        public final Submit submit;
        public final int delayMs;
        public final int spin;
        public final boolean sleep;
        public final boolean fails;
        public final List<Edge> edges = new ArrayList<>();
        /** Nested mode: submitted by the driver before the roots (it has waiters other than a parent). */
        public boolean shared;
        /** Nested mode: children of the same pool given to invokeAll at once. */
        public boolean invokeAll;
        /** Throwing Runnables this task gives to execute() of pool {@link #throwPool}, each killing a worker. */
        public int throwsInto;
        public int throwPool = -1;
        /** A noise leaf (timeout, interrupt and cancel targets), submitted at wait time. */
        public final boolean noiseLeaf;

        Node(int id, int pool, Submit submit, int delayMs, int spin, boolean sleep, boolean fails, boolean noiseLeaf) {
            this.id = id;
            this.pool = pool;
            this.submit = submit;
            this.delayMs = delayMs;
            this.spin = spin;
            this.sleep = sleep;
            this.fails = fails;
            this.noiseLeaf = noiseLeaf;
        }
    }

    /** Side activity of a DAG program: a pool shut down mid-flight. */
    public static final class Side {
        public final int pool;
        public final int accepted;
        public final int refused;
        public final boolean now;

        Side(int pool, int accepted, int refused, boolean now) {
            this.pool = pool;
            this.accepted = accepted;
            this.refused = refused;
            this.now = now;
        }
    }

    // ------------------------------------------------------------------------------------------------ planted

    public enum Timing {
        /** Every wait untimed. */
        UNTIMED,
        /** One wait (not necessarily the closing one) is get(60 s): a timed deadlock, broken by the program. */
        LONG,
        /** The closing wait is get(short): a timed deadlock that ends by itself. */
        SHORT_CLOSER,
        /** The closing wait is get(short) and, once it expired, get() again on the same future: the deadlock forms twice. */
        REFORMED
    }

    public enum SelfVariant { POOL, PLAIN_THREAD, INLINE }

    /**
     * CYCLE (issue 13, shape 7): one link of the ring goes through a lock. The first member holds the lock while
     * it waits; the last member waits not on the first one's future but on a task of a plain thread (the lock
     * link) that blocks acquiring that lock. The lock link blocks before any wait of the ring begins, so a future
     * wait still closes the ring.
     */
    public enum LockLink { NONE, REENTRANT, MONITOR }

    public enum NearMiss {
        /** n workers, n-1 submit-and-wait, one is busy on a latch: not stuck. */
        FREE_WORKER,
        /** Every core worker submit-and-waits while the queue is full: the pool grows and runs the children. */
        GROWTH,
        /** A chain of waits whose last link waits on a future nobody runs yet; the program completes it. */
        CHAIN,
        /** The only worker submits a child to its own pool and runs it itself before get. */
        HELP_INLINE,
        /** The only worker submits a child to its own pool, cancels it, then get: done, never blocks. */
        CANCELLED_CHILD,
        /** A cycle whose closing wait has a pending interrupt: it throws at once and never blocks. */
        PRE_INTERRUPTED_CYCLE,
        /** Starvation whose closing wait has a pending interrupt. */
        PRE_INTERRUPTED_STARVATION,
        /** A self-wait with a pending interrupt. */
        PRE_INTERRUPTED_SELF,
        /** A cycle "closed" by get(0), which never blocks. */
        ZERO_POLL_CYCLE,
        /** A bounded pool (max > core) whose core workers all wait on queued tasks, until a later submission grows it. */
        GROWABLE,
        /** A ForkJoin worker blocked in join helps by running the task another thread waits on. */
        FJ_HELPING
    }

    public static final int PLAIN = -1;
    public static final int VIRTUAL = -3;

    /** A thread that takes part in a planted shape: runs one task (its future) and waits once. */
    public static final class Member {
        /**
         * Pool index; {@link #PLAIN} for a plain thread running a FutureTask (or a CompletableFuture stage);
         * {@link #VIRTUAL} for a virtual thread of a thread-per-task executor (JDK 21+; a plain thread before).
         */
        public final int pool;
        public final Submit submit;
        public Wait wait;
        public final boolean propagate;

        Member(int pool, Submit submit, Wait wait, boolean propagate) {
            this.pool = pool;
            this.submit = submit;
            this.wait = wait;
            this.propagate = propagate;
        }

        @Override
        public String toString() {
            return (pool == PLAIN ? "thread" : pool == VIRTUAL ? "virtual" : pool < 0 ? "fj" : "p" + pool) + "/" + submit + "/" + wait + (propagate ? "/rethrow" : "");
        }
    }

    /** A planted deadlock or near miss. */
    public static final class Plant {
        public Shape shape;
        public NearMiss nearMiss;
        /** CYCLE: ring members in order (member i waits on member i+1's future). SELF_WAIT: one. STARVATION: the workers W. */
        public final List<Member> members = new ArrayList<>();
        /** STARVATION: per worker, null (waits on its child directly) or the member X it waits on, which waits on the child. */
        public final List<Member> vias = new ArrayList<>();
        /** STARVATION: per worker, how its child is submitted into the starved pool, and the child's delay. */
        public final List<Submit> children = new ArrayList<>();
        public final List<Integer> childDelays = new ArrayList<>();
        public int starvedPool = -1;
        /** STARVATION, cross variant: the second pool; members of each pool wait on children queued in the other. */
        public int crossPool = -1;
        /** Ordered: every other wait is parked before the closer waits. Otherwise all wait at once (barrier). */
        public boolean ordered;
        /** Index of the closing waiter in {@link #waiters()} order (ordered only). */
        public int closer;
        public Timing timing = Timing.UNTIMED;
        public SelfVariant selfVariant = SelfVariant.POOL;
        /** A plain thread that waits on the first member's future (it is not part of the deadlock). */
        public Wait joiner;
        public boolean preInterrupt;
        /** STARVATION, ordered: the closer shuts the starved pool down just before its wait. */
        public boolean shutdownFirst;
        /** CYCLE: the lock link, if the ring has one (the lock waiter is not among the waiters). */
        public LockLink lockLink = LockLink.NONE;
        /**
         * STARVATION of Spring's {@code @Async} kind (SPR-11418): the starved pool could grow past its core (a
         * bounded queue, max > core) but its queue never fills, and the joiner, the only thread outside it that
         * submits to it (it submits the members), waits untimed on the first member, so nobody can fill it.
         */
        public boolean springAsync;

        /** The waiting threads in order: CYCLE/SELF members; STARVATION workers then the vias that exist. */
        public List<Member> waiters() {
            List<Member> all = new ArrayList<>(members);
            if (shape == Shape.STARVATION || nearMiss == NearMiss.PRE_INTERRUPTED_STARVATION) {
                for (Member via : vias) {
                    if (via != null) all.add(via);
                }
            }
            return all;
        }
    }

    /** What a correct agent reports for a program: one entry per deadlock event, in time order. */
    public record ExpectedDeadlock(String kind, boolean timed) {}

    /** One generated program. */
    public static final class Spec {
        public final long seed;
        public final String tag;
        public Shape shape;
        public final List<PoolSpec> pools = new ArrayList<>();
        /** Known issues this program runs into (empty for the CI mix). */
        public final Set<KnownIssue> issues = EnumSet.noneOf(KnownIssue.class);

        // DAG
        public final List<Node> nodes = new ArrayList<>();
        public final List<Integer> roots = new ArrayList<>();
        public final List<Wait> rootWaits = new ArrayList<>();
        public boolean presubmit;
        public boolean midflightShutdown;
        public Side side;
        /** Pools in which some task waits on a task of the same pool (a risk may be reported there). */
        public final Set<Integer> sameWaitPools = new TreeSet<>();
        /** Pools where a same-pool wait surely blocks before any deadlock: a risk must be reported there. */
        public final Set<Integer> riskPools = new TreeSet<>();

        // planted
        public Plant plant;

        Spec(long seed) {
            this.seed = seed;
            this.tag = "s" + seed;
        }

        public String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append(tag).append(' ').append(shape);
            if (plant != null) {
                Plant p = plant;
                if (p.nearMiss != null) sb.append('/').append(p.nearMiss);
                sb.append(" members=").append(p.members);
                if (p.shape == Shape.STARVATION || p.nearMiss == NearMiss.PRE_INTERRUPTED_STARVATION) {
                    sb.append(" starved=p").append(p.starvedPool).append(p.crossPool >= 0 ? "+p" + p.crossPool + "(cross)" : "").append(" vias=").append(p.vias)
                            .append(" children=").append(p.children).append(" delays=").append(p.childDelays);
                }
                if (p.shape == Shape.SELF_WAIT) sb.append(" variant=").append(p.selfVariant);
                sb.append(p.ordered ? " ordered closer=" + p.closer : " simultaneous").append(" timing=").append(p.timing);
                if (p.joiner != null) sb.append(" joiner=").append(p.joiner);
                if (p.preInterrupt) sb.append(" pre-interrupted");
                if (p.shutdownFirst) sb.append(" pool-shut-down-before-closing");
                if (p.lockLink != LockLink.NONE) sb.append(" lock-link=").append(p.lockLink);
                if (p.springAsync) sb.append(" spring-async(the joiner submits the members)");
            } else {
                sb.append(presubmit ? " presubmitted" : " nested").append(" nodes=").append(nodes.size())
                        .append(" roots=").append(roots.size());
                if (midflightShutdown) sb.append(" shutdown-midflight");
                if (side != null) sb.append(" side=").append(side.now ? "shutdownNow" : "shutdown")
                        .append('(').append(side.accepted).append('+').append(side.refused).append(')');
            }
            sb.append(" pools=").append(pools);
            if (!issues.isEmpty()) sb.append(" KNOWN-ISSUES=").append(issues);
            return sb.toString();
        }

        // ------------------------------------------------------------------ expectations

        /** The result lines a correct run prints in this mode (one of them; several when the closer is a race). */
        public Set<String> expectedResults(Mode mode) {
            if (plant == null) {
                return Set.of(dagResult());
            }
            return plantResults(mode);
        }

        /** The deadlock events a correct agent writes for this program, in order (none without the agent). */
        public List<ExpectedDeadlock> expectedDeadlocks(Mode mode) {
            if (mode == Mode.NONE || plant == null || plant.shape == Shape.NEAR_MISS) {
                return List.of();
            }
            String kind = plant.shape.name();
            switch (plant.timing) {
                case UNTIMED:
                    return List.of(new ExpectedDeadlock(kind, false));
                case REFORMED:
                    return List.of(new ExpectedDeadlock(kind, true), new ExpectedDeadlock(kind, false));
                default:
                    return List.of(new ExpectedDeadlock(kind, true));
            }
        }

        /** Pools (indexes) where a risk event may appear. */
        public Set<Integer> allowedRiskPools() {
            return sameWaitPools;
        }

        /** Pools (indexes) where a risk event must appear (with the agent). */
        public Set<Integer> requiredRiskPools() {
            return riskPools;
        }

        // ---- DAG result

        long base(int id) {
            long x = (seed ^ 0x9E3779B97F4A7C15L) + id * 0xBF58476D1CE4E5B9L;
            x ^= x >>> 31;
            return x & 0xFFFFF;
        }

        long penalty(int id) {
            return 500_000L + id;
        }

        long cancelConst(int id) {
            return 7_000_000L + id;
        }

        private String dagResult() {
            long[] memo = new long[nodes.size()];
            boolean[] done = new boolean[nodes.size()];
            long[] counts = new long[5]; // timeouts, interrupts, cancels, failures seen, worker deaths
            // every node runs once: count its effects once
            for (Node n : nodes) {
                for (Edge e : n.edges) {
                    switch (e.noise) {
                        case TIMEOUT: counts[0]++; break;
                        case INTERRUPT: counts[1]++; break;
                        case CANCEL: counts[2]++; break;
                        default:
                            if (nodes.get(e.child).fails) counts[3]++;
                    }
                }
                counts[4] += n.throwsInto;
            }
            long sum = 0;
            for (int i = 0; i < roots.size(); i++) {
                Node root = nodes.get(roots.get(i));
                if (root.fails) {
                    counts[3]++;
                    sum += penalty(root.id);
                } else {
                    sum += value(root.id, memo, done);
                }
            }
            StringBuilder sb = new StringBuilder();
            sb.append("sum=").append(sum).append(" timeouts=").append(counts[0]).append(" interrupts=").append(counts[1])
                    .append(" cancels=").append(counts[2]).append(" failures=").append(counts[3])
                    .append(" deaths=").append(counts[4]).append(" dde=0 odd=0");
            if (side != null) {
                sb.append(" side=").append(side.now ? "now-ok" : "sum:" + sideSum()).append(" refused=").append(side.refused);
            }
            return sb.toString();
        }

        long sideSum() {
            long s = 0;
            for (int i = 0; i < side.accepted; i++) s += base(100_000 + i);
            return s;
        }

        long value(int id, long[] memo, boolean[] done) {
            // iterative post-order to survive deep graphs
            ArrayList<Integer> stack = new ArrayList<>();
            stack.add(id);
            while (!stack.isEmpty()) {
                int cur = stack.get(stack.size() - 1);
                if (done[cur]) {
                    stack.remove(stack.size() - 1);
                    continue;
                }
                boolean ready = true;
                for (Edge e : nodes.get(cur).edges) {
                    if (e.noise == Noise.NONE && !nodes.get(e.child).fails && !done[e.child]) {
                        stack.add(e.child);
                        ready = false;
                    }
                }
                if (!ready) continue;
                long v = base(cur);
                for (Edge e : nodes.get(cur).edges) {
                    switch (e.noise) {
                        case NONE:
                            v += nodes.get(e.child).fails ? penalty(e.child) : memo[e.child];
                            break;
                        case CANCEL:
                            v += cancelConst(e.child);
                            break;
                        default:
                            v += base(e.child);
                    }
                }
                memo[cur] = v;
                done[cur] = true;
                stack.remove(stack.size() - 1);
            }
            return memo[id];
        }

        // ---- planted result

        private Set<String> plantResults(Mode mode) {
            Plant p = plant;
            if (p.shape == Shape.NEAR_MISS) {
                return Set.of(nearMissResult());
            }
            List<Member> waiters = p.waiters();
            boolean throwsInFail = mode == Mode.FAIL && (p.timing == Timing.UNTIMED || p.timing == Timing.REFORMED);
            Set<String> results = new LinkedHashSet<>();
            if (throwsInFail) {
                if (p.ordered) {
                    results.add(failResult(p.closer));
                } else {
                    for (int c = 0; c < waiters.size(); c++) results.add(failResult(c));
                }
                return results;
            }
            if (p.timing == Timing.SHORT_CLOSER) {
                String[] t = filled(waiters.size(), "ok");
                t[p.closer] = "timeout";
                return Set.of(render(t, "ok"));
            }
            // UNTIMED/REFORMED without the throw (log, none), or LONG in any mode: the program breaks the deadlock
            return Set.of(brokenResult());
        }

        private String[] filled(int n, String value) {
            String[] t = new String[n];
            java.util.Arrays.fill(t, value);
            return t;
        }

        private String prefixFor(int waiter) {
            return plant.timing == Timing.REFORMED && waiter == plant.closer ? "timeout+" : "";
        }

        /** The program broke the deadlock by cancelling (without interrupt): who sees the cancellation. */
        private String brokenResult() {
            Plant p = plant;
            List<Member> waiters = p.waiters();
            String[] t = filled(waiters.size(), "ok");
            String joiner = "ok";
            switch (p.shape) {
                case SELF_WAIT:
                    t[0] = "cancel";
                    joiner = "cancel";
                    break;
                case CYCLE:
                    // the last member waits on the first one's future (or the lock link's), cancelled
                    t[waiters.size() - 1] = "cancel";
                    joiner = p.lockLink == LockLink.NONE ? "cancel" : "ok";
                    break;
                default: // STARVATION: every queued child cancelled, seen by whoever waits on it
                    int x = p.members.size();
                    for (int i = 0; i < p.members.size(); i++) {
                        if (p.vias.get(i) == null) t[i] = "cancel";
                        else t[x++] = "cancel";
                    }
            }
            for (int i = 0; i < t.length; i++) t[i] = prefixFor(i) + t[i];
            return render(t, joiner);
        }

        /** Fail mode, untimed: waiter {@code c} closes the deadlock and its wait throws. */
        private String failResult(int c) {
            Plant p = plant;
            List<Member> waiters = p.waiters();
            String[] t = filled(waiters.size(), "ok");
            t[c] = prefixFor(c) + "DDE";
            Member closer = waiters.get(c);
            String joiner = "ok";
            String wrapped = null; // what the one waiting on the closer's own future sees, if the closer rethrows
            int waitsOnCloser = -1;
            switch (p.shape) {
                case SELF_WAIT:
                    if (closer.propagate && p.selfVariant != SelfVariant.INLINE) joiner = wrap(p.joiner, closer.submit);
                    break;
                case CYCLE:
                    // with a lock link, the last member waits on the lock link, which ends once the first lets go
                    waitsOnCloser = c == 0 && p.lockLink != LockLink.NONE ? -1 : (c - 1 + waiters.size()) % waiters.size();
                    if (c == 0 && closer.propagate) joiner = wrap(p.joiner, closer.submit);
                    break;
                default: // STARVATION
                    if (c >= p.members.size()) {
                        // a via X: its worker W waits on it
                        int k = -1, x = p.members.size();
                        for (int i = 0; i < p.members.size(); i++) {
                            if (p.vias.get(i) != null) {
                                if (x == c) k = i;
                                x++;
                            }
                        }
                        waitsOnCloser = k;
                    } else if (c == 0 && closer.propagate) {
                        joiner = wrap(p.joiner, closer.submit);
                    }
            }
            if (waitsOnCloser >= 0 && closer.propagate) {
                wrapped = wrap(waiters.get(waitsOnCloser).wait, closer.submit);
                t[waitsOnCloser] = prefixFor(waitsOnCloser) + wrapped;
            }
            return render(t, joiner);
        }

        /** What a wait of kind {@code w} sees when the task it waits on threw DDE. */
        private static String wrap(Wait w, Submit awaited) {
            if (w == null) return "ok";
            return w == Wait.JOIN ? "CE>DDE" : "EE>DDE";
        }

        private String render(String[] tokens, String joiner) {
            return "waits=" + String.join(",", tokens) + " joiner=" + (plant.joiner == null ? "-" : joiner);
        }

        private String nearMissResult() {
            Plant p = plant;
            switch (p.nearMiss) {
                case CANCELLED_CHILD:
                    return "waits=cancel joiner=-";
                case PRE_INTERRUPTED_CYCLE:
                case PRE_INTERRUPTED_STARVATION:
                case PRE_INTERRUPTED_SELF: {
                    String[] t = filled(p.waiters().size(), "ok");
                    t[p.closer] = "intr";
                    return render(t, "ok");
                }
                case ZERO_POLL_CYCLE: {
                    String[] t = filled(p.waiters().size(), "ok");
                    t[p.closer] = "timeout";
                    return render(t, "ok");
                }
                default:
                    return render(filled(p.waiters().size(), "ok"), "ok");
            }
        }
    }

    // ================================================================================================ generation

    /** The seed of program {@code index} of a run with base seed {@code base}. */
    public static long seedOf(long base, int index) {
        long z = base + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return z & 0x7FFF_FFFF_FFFFL; // 47 bits: short enough for thread names
    }

    /**
     * The program of {@code seed} as run in {@code mode}; known-issue shapes only if {@code issues} allows them.
     * The mode matters only for fail mode's racing closers ({@link KnownIssue#RACING_CLOSERS}): without that issue
     * allowed, a fail-mode program closes its deadlock in order.
     */
    public static Spec generate(long seed, Set<KnownIssue> issues, Mode mode) {
        Random r = new Random(seed);
        Spec spec = new Spec(seed);
        int pick = r.nextInt(100);
        if (pick < 42) {
            dag(spec, r, issues);
        } else if (pick < 54) {
            selfWait(spec, r, issues);
        } else if (pick < 70) {
            cycle(spec, r, issues);
        } else if (pick < 86) {
            // a quarter of the starvations are of the SPR-11418 kind, drawn from a random of their own so that every
            // other program of a seed is the same as before that kind existed (the known-issue seeds among them)
            Random spring = new Random(seedOf(seed, SPRING_ASYNC_STREAM));
            if (spring.nextInt(4) == 0) {
                springAsync(spec, spring, issues);
            } else {
                starvation(spec, r, issues);
            }
        } else {
            nearMiss(spec, r, issues);
        }
        Plant p = spec.plant;
        if (mode == Mode.FAIL && p != null && p.shape != Shape.NEAR_MISS && !p.ordered && p.timing == Timing.UNTIMED
                && p.waiters().size() > 1) {
            if (issues.contains(KnownIssue.RACING_CLOSERS)) spec.issues.add(KnownIssue.RACING_CLOSERS);
            else p.ordered = true;
        }
        if (p != null && (p.shape == Shape.CYCLE || p.shape == Shape.STARVATION)) plantedRisks(spec, p);
        return spec;
    }

    /** Ordered closing: every wait but the closer's is checked before the deadlock exists; a same-pool one is a risk. */
    private static void plantedRisks(Spec spec, Plant p) {
        if (p.shape == Shape.CYCLE) {
            int n = p.members.size();
            for (int i = 0; i < n; i++) {
                Member a = p.members.get(i), b = p.members.get((i + 1) % n);
                if (i == n - 1 && p.lockLink != LockLink.NONE) continue; // it waits on the lock link's plain thread
                if (a.pool >= 0 && a.pool == b.pool) {
                    spec.sameWaitPools.add(a.pool);
                    if (p.ordered && i != p.closer) spec.riskPools.add(a.pool);
                }
            }
        } else {
            starvationRisks(spec, p);
        }
    }

    // ---------------------------------------------------------------- pools

    private static final PoolKind[] DAG_KINDS = {
        PoolKind.FIXED, PoolKind.FIXED, PoolKind.CACHED, PoolKind.BOUNDED_CR, PoolKind.SYNC_CR, PoolKind.GROWING_CR,
        PoolKind.SCHEDULED, PoolKind.PRIORITY, PoolKind.DEQUE, PoolKind.TRANSFER, PoolKind.CORE_TIMEOUT,
        PoolKind.SUBCLASS, PoolKind.SINGLE
    };

    private static PoolSpec pool(Spec spec, Random r, PoolKind kind, int n) {
        int index = spec.pools.size();
        PoolSpec p;
        switch (kind) {
            case CACHED:
                p = new PoolSpec(index, kind, 0, Integer.MAX_VALUE, 0);
                break;
            case BOUNDED_CR:
                p = new PoolSpec(index, kind, n, n, 1 + r.nextInt(4));
                break;
            case GROWING_CR:
            case GROWING_ABQ:
                p = new PoolSpec(index, kind, n, n + 1 + r.nextInt(3), 1 + r.nextInt(3));
                break;
            case SINGLE:
                p = new PoolSpec(index, kind, 1, 1, 0);
                break;
            default:
                p = new PoolSpec(index, kind, n, n, 0);
        }
        spec.pools.add(p);
        return p;
    }

    private static Submit submitFor(PoolSpec p, Random r, boolean allowCf) {
        return submitFor(p, r, allowCf, false);
    }

    /** {@code planted}: no value needed, so runAsync may stand in for supplyAsync. */
    private static Submit submitFor(PoolSpec p, Random r, boolean allowCf, boolean planted) {
        if (p.kind == PoolKind.PRIORITY) return Submit.PRIO;
        int x = r.nextInt(p.kind == PoolKind.SCHEDULED ? 6 : 5);
        if (x == 5) return Submit.SCHEDULE;
        if (x == 4) return Submit.ECS;
        if (x == 3 && allowCf) return planted && r.nextBoolean() ? Submit.CF_RUN : Submit.CF;
        return x == 2 ? Submit.EXEC_FT : Submit.SUBMIT;
    }

    private static Wait waitFor(Submit awaited, Random r) {
        int x = r.nextInt(awaited.cf() ? 3 : 2);
        return x == 2 ? Wait.JOIN : x == 1 ? Wait.GET_LONG : Wait.GET;
    }

    // ---------------------------------------------------------------- DAG

    private static void dag(Spec spec, Random r, Set<KnownIssue> issues) {
        spec.shape = Shape.DAG;
        int poolCount = 1 + r.nextInt(4);
        for (int i = 0; i < poolCount; i++) {
            pool(spec, r, DAG_KINDS[r.nextInt(DAG_KINDS.length)], 1 + r.nextInt(4));
        }
        int noiseCached = pool(spec, r, PoolKind.CACHED, 0).index;
        int noiseVictims = pool(spec, r, PoolKind.FIXED, 1 + r.nextInt(2)).index;
        int size;
        int sizeClass = r.nextInt(20);
        if (sizeClass < 13) size = 3 + r.nextInt(40);
        else if (sizeClass < 18) size = 40 + r.nextInt(300);
        else size = 400 + r.nextInt(2600);
        spec.presubmit = size >= 400 || r.nextInt(3) == 0;
        int[] sameUsed = new int[spec.pools.size()];
        if (spec.presubmit) {
            presubmitted(spec, r, poolCount, size, sameUsed, noiseCached, noiseVictims);
            spec.midflightShutdown = r.nextInt(2) == 0;
        } else {
            nested(spec, r, poolCount, size, sameUsed, noiseCached, noiseVictims);
        }
        for (int i = 0; i < spec.roots.size(); i++) {
            spec.rootWaits.add(waitFor(spec.nodes.get(spec.roots.get(i)).submit, r));
        }
        if (r.nextInt(4) == 0) {
            int sidePool = pool(spec, r, r.nextBoolean() ? PoolKind.FIXED : PoolKind.CORE_TIMEOUT, 1 + r.nextInt(3)).index;
            spec.side = new Side(sidePool, 1 + r.nextInt(30), 1 + r.nextInt(5), r.nextInt(3) == 0);
        }
    }

    private static Node newNode(Spec spec, Random r, int pool, boolean big) {
        PoolSpec p = spec.pools.get(pool);
        Submit submit = submitFor(p, r, p.takesCf());
        int delay = submit == Submit.SCHEDULE ? r.nextInt(4) : 0;
        Node n = new Node(spec.nodes.size(), pool, submit, delay, r.nextInt(big ? 50 : 400),
                !big && r.nextInt(25) == 0, r.nextInt(big ? 60 : 12) == 0, false);
        spec.nodes.add(n);
        return n;
    }

    private static Node noiseLeaf(Spec spec, Random r, int pool) {
        Submit submit = r.nextInt(3) == 0 ? Submit.CF : Submit.SUBMIT;
        Node n = new Node(spec.nodes.size(), pool, submit, 0, 0, false, false, true);
        spec.nodes.add(n);
        return n;
    }

    /** Adds a noise edge to {@code parent} with probability ~1/12; returns whether it did. */
    private static boolean maybeNoise(Spec spec, Random r, Node parent, int noiseCached, int noiseVictims, boolean big) {
        if (r.nextInt(big ? 60 : 12) != 0) return false;
        Noise noise = Noise.values()[1 + r.nextInt(3)];
        Node leaf = noiseLeaf(spec, r, noise == Noise.CANCEL ? noiseVictims : noiseCached);
        Wait wait;
        switch (noise) {
            case TIMEOUT: wait = Wait.GET_SHORT; break;
            case INTERRUPT: wait = r.nextBoolean() ? Wait.GET : Wait.GET_LONG; break;
            default: wait = leaf.submit.cf() && r.nextBoolean() ? Wait.JOIN : Wait.GET;
        }
        parent.edges.add(new Edge(leaf.id, wait, noise, false));
        return true;
    }

    private static void nested(Spec spec, Random r, int poolCount, int size, int[] sameUsed, int noiseCached, int noiseVictims) {
        // shared subtrees: submitted by the driver first, awaited by tasks of earlier pools
        List<Integer> sharedIds = new ArrayList<>();
        int sharedCount = poolCount > 1 ? r.nextInt(3) : 0;
        List<Node> frontier = new ArrayList<>();
        for (int i = 0; i < sharedCount; i++) {
            Node s = newNode(spec, r, 1 + r.nextInt(poolCount - 1), false);
            s.shared = true;
            sharedIds.add(s.id);
            frontier.add(s);
        }
        int rootCount = 1 + r.nextInt(Math.min(5, Math.max(1, size / 3)));
        for (int i = 0; i < rootCount; i++) {
            Node root = newNode(spec, r, r.nextInt(poolCount), false);
            spec.roots.add(root.id);
            frontier.add(root);
        }
        int budget = size;
        int cursor = 0;
        while (cursor < frontier.size()) {
            Node parent = frontier.get(cursor++);
            PoolSpec pp = spec.pools.get(parent.pool);
            int fan = r.nextInt(5);
            boolean countedSame = false;
            for (int c = 0; c < fan && spec.nodes.size() < budget; c++) {
                if (maybeNoise(spec, r, parent, noiseCached, noiseVictims, false)) continue;
                if (!sharedIds.isEmpty() && r.nextInt(6) == 0) {
                    int sid = sharedIds.get(r.nextInt(sharedIds.size()));
                    // only onto a later pool: shared subtrees never wait back, so this cannot close a loop
                    if (spec.nodes.get(sid).pool > parent.pool) {
                        parent.edges.add(new Edge(sid, waitFor(spec.nodes.get(sid).submit, r), Noise.NONE, true));
                        continue;
                    }
                }
                List<Integer> choices = new ArrayList<>();
                for (int q = parent.pool + 1; q < poolCount; q++) choices.add(q);
                boolean sameOk = countedSame || sameUsed[parent.pool] < pp.sameBudget();
                if (sameOk && r.nextInt(3) == 0) choices.add(parent.pool);
                if (choices.isEmpty()) break;
                int q = choices.get(r.nextInt(choices.size()));
                if (q == parent.pool && !countedSame) {
                    countedSame = true;
                    sameUsed[parent.pool]++;
                    spec.sameWaitPools.add(parent.pool);
                }
                Node child = newNode(spec, r, q, false);
                parent.edges.add(new Edge(child.id, waitFor(child.submit, r), Noise.NONE, false));
                frontier.add(child);
            }
            if (r.nextInt(8) == 0) parent.invokeAll = true;
            if (r.nextInt(14) == 0) {
                List<Integer> killable = new ArrayList<>();
                for (int q = 0; q < poolCount; q++) if (spec.pools.get(q).killsWorkers()) killable.add(q);
                if (!killable.isEmpty()) {
                    parent.throwPool = killable.get(r.nextInt(killable.size()));
                    parent.throwsInto = 1 + r.nextInt(2);
                }
            }
        }
        // invokeAll only over plain-submit children (invokeAll makes its own FutureTasks)
        for (Node n : spec.nodes) {
            if (!n.invokeAll) continue;
            boolean any = false;
            for (Edge e : n.edges) {
                Node c = spec.nodes.get(e.child);
                if (e.noise == Noise.NONE && !e.shared && c.submit == Submit.SUBMIT) any = true;
            }
            n.invokeAll = any;
        }
    }

    private static void presubmitted(Spec spec, Random r, int poolCount, int size, int[] sameUsed, int noiseCached, int noiseVictims) {
        boolean big = size >= 400;
        int[] pools = new int[size];
        for (int i = 0; i < size; i++) pools[i] = r.nextInt(poolCount);
        java.util.Arrays.sort(pools); // layered: a node's children come after it
        boolean[] hasParent = new boolean[size];
        boolean[] countedSame = new boolean[size];
        int first = spec.nodes.size();
        for (int i = 0; i < size; i++) newNode(spec, r, pools[i], big);
        for (int i = 0; i < size; i++) {
            Node parent = spec.nodes.get(first + i);
            PoolSpec pp = spec.pools.get(parent.pool);
            int fan = r.nextInt(big ? 3 : 5);
            for (int c = 0; c < fan; c++) {
                if (maybeNoise(spec, r, parent, noiseCached, noiseVictims, big)) continue;
                if (i + 1 >= size) break;
                int j = i + 1 + (r.nextBoolean() ? r.nextInt(Math.min(8, size - i - 1)) : r.nextInt(size - i - 1));
                Node child = spec.nodes.get(first + j);
                if (child.pool == parent.pool) {
                    if (!countedSame[i]) {
                        if (sameUsed[parent.pool] >= pp.sameBudget()) continue;
                        countedSame[i] = true;
                        sameUsed[parent.pool]++;
                        spec.sameWaitPools.add(parent.pool);
                    }
                }
                boolean dup = false;
                for (Edge e : parent.edges) dup |= e.child == child.id;
                if (dup) continue;
                parent.edges.add(new Edge(child.id, waitFor(child.submit, r), Noise.NONE, false));
                hasParent[j] = true;
            }
        }
        for (int i = 0; i < size; i++) {
            if (!hasParent[i]) spec.roots.add(first + i);
        }
    }

    // ---------------------------------------------------------------- planted helpers

    /** Pool kinds that can host {@code n} members running at once with no other task. */
    private static final PoolKind[] MEMBER_KINDS = {
        PoolKind.FIXED, PoolKind.CACHED, PoolKind.SCHEDULED, PoolKind.PRIORITY, PoolKind.DEQUE, PoolKind.TRANSFER,
        PoolKind.CORE_TIMEOUT, PoolKind.SUBCLASS, PoolKind.SINGLE, PoolKind.GROWING_ABQ, PoolKind.BOUNDED_CR
    };

    /**
     * Pools a planted starvation may use: they cannot grow past their current size (max == core, or a queue that
     * never refuses), so nothing another thread does could add a worker. A pool with max > core and a bounded queue
     * is "starved" only until someone overflows its queue: see {@link KnownIssue#GROWABLE}; unless nobody can, which
     * is {@link #springAsync}.
     */
    private static final PoolKind[] STARVE_KINDS = {
        PoolKind.FIXED, PoolKind.SCHEDULED, PoolKind.PRIORITY, PoolKind.DEQUE, PoolKind.TRANSFER,
        PoolKind.CORE_TIMEOUT, PoolKind.SUBCLASS, PoolKind.SINGLE, PoolKind.BOUNDED_CR
    };

    private static Member member(Spec spec, Random r, int pool, boolean allowPlain) {
        if (allowPlain && r.nextInt(4) == 0) {
            Submit s = r.nextInt(3) == 0 ? (r.nextBoolean() ? Submit.CF : Submit.CF_RUN) : Submit.SUBMIT;
            return new Member(r.nextBoolean() ? PLAIN : VIRTUAL, s, null, r.nextBoolean());
        }
        PoolSpec p = spec.pools.get(pool);
        Submit s = submitFor(p, r, p.takesCf(), true);
        if (s == Submit.SCHEDULE) s = Submit.SUBMIT; // members must start at once
        return new Member(pool, s, null, r.nextBoolean());
    }

    /** Chooses untimed waits fitting each awaited future, then applies the timing. */
    private static void assignWaits(Spec spec, Random r, Plant p, List<Submit> awaited, Set<KnownIssue> issues) {
        List<Member> waiters = p.waiters();
        for (int i = 0; i < waiters.size(); i++) {
            Submit a = awaited.get(i);
            waiters.get(i).wait = a.cf() && r.nextBoolean() ? Wait.JOIN : Wait.GET;
        }
        int t = r.nextInt(10);
        if (t < 6) {
            p.timing = Timing.UNTIMED;
        } else if (t < 8) {
            p.timing = Timing.LONG;
            waiters.get(r.nextInt(waiters.size())).wait = Wait.GET_LONG;
        } else if (t < 9 || !issues.contains(KnownIssue.REFORMED)) {
            p.timing = Timing.SHORT_CLOSER;
            p.ordered = true;
            waiters.get(p.closer).wait = Wait.GET_SHORT;
        } else {
            p.timing = Timing.REFORMED;
            p.ordered = true;
            spec.issues.add(KnownIssue.REFORMED);
            waiters.get(p.closer).wait = Wait.GET_SHORT; // then GET
        }
    }

    private static void common(Spec spec, Random r, Plant p) {
        p.ordered = r.nextInt(3) != 0;
        p.closer = r.nextInt(p.waiters().size());
        if (r.nextInt(3) == 0) p.joiner = r.nextBoolean() || !firstFutureIsCf(p) ? Wait.GET : Wait.JOIN;
    }

    private static boolean firstFutureIsCf(Plant p) {
        return p.members.get(0).submit.cf();
    }

    // ---------------------------------------------------------------- SELF_WAIT

    private static void selfWait(Spec spec, Random r, Set<KnownIssue> issues) {
        spec.shape = Shape.SELF_WAIT;
        Plant p = new Plant();
        p.shape = Shape.SELF_WAIT;
        spec.plant = p;
        int v = r.nextInt(6);
        Member m;
        if (v == 0) {
            p.selfVariant = SelfVariant.PLAIN_THREAD;
            m = new Member(r.nextBoolean() ? PLAIN : VIRTUAL, r.nextBoolean() ? Submit.CF : Submit.SUBMIT, null, r.nextBoolean());
        } else if (v == 1) {
            p.selfVariant = SelfVariant.INLINE;
            PoolSpec a = pool(spec, r, MEMBER_KINDS[r.nextInt(MEMBER_KINDS.length)], 1 + r.nextInt(2));
            pool(spec, r, PoolKind.SYNC_CR, 1); // the saturated pool whose CallerRunsPolicy runs the waiter inline
            Submit s = submitFor(a, r, a.takesCf(), true);
            if (s == Submit.SCHEDULE) s = Submit.SUBMIT;
            m = new Member(a.index, s, null, false);
        } else {
            PoolSpec a = pool(spec, r, DAG_KINDS[r.nextInt(DAG_KINDS.length)], 1 + r.nextInt(3));
            m = member(spec, r, a.index, false);
        }
        p.members.add(m);
        common(spec, r, p);
        p.closer = 0;
        assignWaits(spec, r, p, List.of(m.submit), issues);
    }

    // ---------------------------------------------------------------- CYCLE

    private static void cycle(Spec spec, Random r, Set<KnownIssue> issues) {
        spec.shape = Shape.CYCLE;
        Plant p = new Plant();
        p.shape = Shape.CYCLE;
        spec.plant = p;
        int n = 2 + r.nextInt(3);
        int poolCount = 1 + r.nextInt(n);
        int[] used = new int[poolCount];
        int[] assigned = new int[n];
        for (int i = 0; i < n; i++) assigned[i] = i < poolCount ? i : r.nextInt(poolCount);
        for (int i = 0; i < n; i++) used[assigned[i]]++;
        for (int q = 0; q < poolCount; q++) {
            PoolKind kind = MEMBER_KINDS[r.nextInt(MEMBER_KINDS.length)];
            if (kind == PoolKind.SINGLE && used[q] > 1) kind = PoolKind.FIXED;
            pool(spec, r, kind, used[q] + r.nextInt(2));
        }
        for (int i = 0; i < n; i++) p.members.add(member(spec, r, assigned[i], true));
        common(spec, r, p);
        List<Submit> awaited = new ArrayList<>();
        for (int i = 0; i < n; i++) awaited.add(p.members.get((i + 1) % n).submit);
        assignWaits(spec, r, p, awaited, issues);
        // drawn last, so the rest of the program is what it was before lock links existed; the lock's owner
        // must be a platform thread (a virtual owner is not found: unknown, progress)
        if (p.timing != Timing.REFORMED && p.members.get(0).pool != VIRTUAL && r.nextInt(3) == 0) {
            p.lockLink = r.nextBoolean() ? LockLink.REENTRANT : LockLink.MONITOR;
            Member last = p.members.get(n - 1);
            if (last.wait == Wait.JOIN) last.wait = Wait.GET; // the lock link's task is a FutureTask
        }
    }

    // ---------------------------------------------------------------- STARVATION

    private static void starvation(Spec spec, Random r, Set<KnownIssue> issues) {
        spec.shape = Shape.STARVATION;
        Plant p = new Plant();
        p.shape = Shape.STARVATION;
        spec.plant = p;
        starvationShape(spec, r, p, issues, true);
        List<Submit> awaited = awaitedOfStarvation(p);
        assignWaits(spec, r, p, awaited, issues);
        if (p.ordered && r.nextInt(4) == 0) p.shutdownFirst = true;
    }

    private static PoolSpec starvedPool(Spec spec, Random r) {
        PoolKind kind = STARVE_KINDS[r.nextInt(STARVE_KINDS.length)];
        int n = kind == PoolKind.SINGLE ? 1 : 1 + r.nextInt(3);
        PoolSpec pool = pool(spec, r, kind, n);
        if (kind == PoolKind.BOUNDED_CR) {
            // room for every child it will queue (up to 3), so it never refuses one and never runs one inline
            spec.pools.remove(spec.pools.size() - 1);
            pool = new PoolSpec(pool.index, kind, pool.core, pool.max, 3 + r.nextInt(2));
            spec.pools.add(pool);
        }
        return pool;
    }

    /**
     * Every worker of the starved pool runs a member that submits a child and waits on it (or on a via thread that
     * waits on it). Cross variant: two pools, each one's workers wait on children queued in the other.
     */
    private static void starvationShape(Spec spec, Random r, Plant p, Set<KnownIssue> issues, boolean allowCross) {
        PoolSpec starved = starvedPool(spec, r);
        p.starvedPool = starved.index;
        PoolSpec other = allowCross && r.nextInt(4) == 0 ? starvedPool(spec, r) : null;
        if (other != null) p.crossPool = other.index;
        int viaPool = -1;
        for (PoolSpec home : other == null ? List.of(starved) : List.of(starved, other)) {
            PoolSpec target = other == null ? starved : home == starved ? other : starved;
            for (int i = 0; i < home.guaranteed(); i++) {
                Submit s = submitFor(home, r, home.takesCf(), true);
                if (s == Submit.SCHEDULE) s = Submit.SUBMIT;
                p.members.add(new Member(home.index, s, null, r.nextBoolean()));
                Submit child = submitFor(target, r, target.takesCf(), true);
                if (wrapped(target, child) && !issues.contains(KnownIssue.WRAPPED_IN_SCHEDULED)) {
                    child = Submit.SUBMIT;
                }
                if (wrapped(target, child)) spec.issues.add(KnownIssue.WRAPPED_IN_SCHEDULED);
                p.children.add(child);
                p.childDelays.add(child == Submit.SCHEDULE ? r.nextInt(20) : 0);
                if (r.nextInt(3) == 0) {
                    if (viaPool < 0 && r.nextBoolean()) viaPool = pool(spec, r, PoolKind.CACHED, 0).index;
                    boolean plain = viaPool < 0 || r.nextInt(3) == 0;
                    Submit vs = r.nextInt(3) == 0 ? (r.nextBoolean() ? Submit.CF : Submit.CF_RUN) : Submit.SUBMIT;
                    p.vias.add(new Member(plain ? (r.nextBoolean() ? PLAIN : VIRTUAL) : viaPool, vs, null, r.nextBoolean()));
                } else {
                    p.vias.add(null);
                }
            }
        }
        common(spec, r, p);
    }

    /** The stream of a seed's random that picks and builds the SPR-11418 starvations (none of the fixed seeds). */
    private static final int SPRING_ASYNC_STREAM = 11418;

    /**
     * STARVATION of Spring's {@code @Async} kind (SPR-11418): a pool with core n, max above n and a bounded queue
     * with room for more than n tasks. Each of its n core workers runs a member that submits a child to the same
     * pool and waits on it; the n children never fill the queue, so the pool never grows. The members are submitted
     * by the joiner, which then waits (untimed) on the first member: the only thread outside the pool that ever
     * submitted to it is blocked, so no one can fill the queue. Always ordered: the closer waits until the other
     * members and the joiner are parked. True without the agent too: the program breaks it by cancelling the children.
     */
    private static void springAsync(Spec spec, Random r, Set<KnownIssue> issues) {
        spec.shape = Shape.STARVATION;
        Plant p = new Plant();
        p.shape = Shape.STARVATION;
        p.springAsync = true;
        spec.plant = p;
        int core = 1 + r.nextInt(3);
        int index = spec.pools.size();
        PoolSpec starved = new PoolSpec(index, PoolKind.GROWING_ABQ, core, core + 1 + r.nextInt(4), core + 1 + r.nextInt(3));
        spec.pools.add(starved);
        p.starvedPool = index;
        for (int i = 0; i < core; i++) {
            p.members.add(new Member(index, submitFor(starved, r, true, true), null, r.nextBoolean()));
            Submit child = submitFor(starved, r, true, true);
            if (wrapped(starved, child)) {
                if (issues.contains(KnownIssue.WRAPPED_IN_SCHEDULED)) spec.issues.add(KnownIssue.WRAPPED_IN_SCHEDULED);
                else child = Submit.SUBMIT;
            }
            p.children.add(child);
            p.childDelays.add(0);
            p.vias.add(null);
        }
        p.ordered = true;
        p.closer = r.nextInt(core);
        p.joiner = firstFutureIsCf(p) && r.nextBoolean() ? Wait.JOIN : Wait.GET;
        assignWaits(spec, r, p, awaitedOfStarvation(p), issues);
        if (r.nextInt(4) == 0) p.shutdownFirst = true;
    }

    /** Whether a task submitted so is queued inside a wrapper that the agent does not see through. */
    static boolean wrapped(PoolSpec pool, Submit how) {
        return how == Submit.ECS || pool.kind == PoolKind.SCHEDULED && (how == Submit.EXEC_FT || how.cf());
    }

    private static List<Submit> awaitedOfStarvation(Plant p) {
        List<Submit> awaited = new ArrayList<>();
        for (int i = 0; i < p.members.size(); i++) {
            Member via = p.vias.get(i);
            awaited.add(via == null ? p.children.get(i) : via.submit);
        }
        for (int i = 0; i < p.members.size(); i++) {
            if (p.vias.get(i) != null) awaited.add(p.children.get(i));
        }
        return awaited;
    }

    private static void starvationRisks(Spec spec, Plant p) {
        boolean direct = false;
        spec.riskPools.remove(p.starvedPool);
        for (int i = 0; i < p.members.size(); i++) {
            if (p.vias.get(i) == null && p.crossPool < 0) {
                direct = true;
                if (p.ordered && i != p.closer) spec.riskPools.add(p.starvedPool);
            }
        }
        if (direct) spec.sameWaitPools.add(p.starvedPool);
    }

    // ---------------------------------------------------------------- near misses

    private static void nearMiss(Spec spec, Random r, Set<KnownIssue> issues) {
        spec.shape = Shape.NEAR_MISS;
        List<NearMiss> choices = new ArrayList<>(List.of(NearMiss.FREE_WORKER, NearMiss.GROWTH, NearMiss.CHAIN,
                NearMiss.HELP_INLINE, NearMiss.CANCELLED_CHILD));
        if (issues.contains(KnownIssue.PRE_INTERRUPTED)) {
            choices.addAll(List.of(NearMiss.PRE_INTERRUPTED_CYCLE, NearMiss.PRE_INTERRUPTED_STARVATION, NearMiss.PRE_INTERRUPTED_SELF));
        }
        if (issues.contains(KnownIssue.ZERO_POLL)) choices.add(NearMiss.ZERO_POLL_CYCLE);
        if (issues.contains(KnownIssue.GROWABLE)) choices.add(NearMiss.GROWABLE);
        if (issues.contains(KnownIssue.FJ_HELPING)) choices.add(NearMiss.FJ_HELPING);
        NearMiss nm = choices.get(r.nextInt(choices.size()));
        Plant p = new Plant();
        p.shape = Shape.NEAR_MISS;
        p.nearMiss = nm;
        spec.plant = p;
        p.ordered = true;
        switch (nm) {
            case FREE_WORKER: {
                int n = 2 + r.nextInt(3);
                PoolKind kind = STARVE_KINDS[r.nextInt(STARVE_KINDS.length)];
                if (kind == PoolKind.SINGLE) kind = PoolKind.FIXED;
                PoolSpec pool = pool(spec, r, kind, n);
                if (!pool.queuesQuietly(n)) {
                    spec.pools.set(pool.index, new PoolSpec(pool.index, kind, n, pool.max, n + 1));
                }
                for (int i = 0; i < n - 1; i++) {
                    PoolSpec ps = spec.pools.get(pool.index);
                    Submit s = submitFor(ps, r, ps.takesCf(), true);
                    Submit c = submitFor(ps, r, ps.takesCf(), true);
                    if (s == Submit.SCHEDULE) s = Submit.SUBMIT;
                    if (wrapped(ps, c)) c = Submit.SUBMIT; // the risk below must be visible
                    p.members.add(new Member(pool.index, s, null, false));
                    p.children.add(c);
                    p.childDelays.add(c == Submit.SCHEDULE ? r.nextInt(5) : 0);
                    p.members.get(i).wait = c.cf() && r.nextBoolean() ? Wait.JOIN : Wait.GET;
                }
                spec.sameWaitPools.add(pool.index);
                spec.riskPools.add(pool.index);
                break;
            }
            case GROWTH: {
                int core = 1 + r.nextInt(2);
                int index = spec.pools.size();
                spec.pools.add(new PoolSpec(index, PoolKind.GROWING_ABQ, core, 2 * core + r.nextInt(2), 1 + r.nextInt(2)));
                for (int i = 0; i < core; i++) {
                    Submit s = r.nextBoolean() ? Submit.SUBMIT : Submit.CF;
                    Submit c = r.nextBoolean() ? Submit.SUBMIT : Submit.CF;
                    p.members.add(new Member(index, s, c.cf() && r.nextBoolean() ? Wait.JOIN : Wait.GET, false));
                    p.children.add(c);
                    p.childDelays.add(0);
                }
                // a risk may or may not be seen: while a new worker has not started its first task, that task is
                // neither queued nor running, and nothing says it belongs to this pool
                spec.sameWaitPools.add(index);
                break;
            }
            case CHAIN: {
                int n = 2 + r.nextInt(3);
                int poolCount = 1 + r.nextInt(n);
                int[] assigned = new int[n];
                int[] used = new int[poolCount];
                for (int i = 0; i < n; i++) {
                    assigned[i] = i < poolCount ? i : r.nextInt(poolCount);
                    used[assigned[i]]++;
                }
                for (int q = 0; q < poolCount; q++) {
                    PoolKind kind = MEMBER_KINDS[r.nextInt(MEMBER_KINDS.length)];
                    if (kind == PoolKind.SINGLE && used[q] > 1) kind = PoolKind.FIXED;
                    pool(spec, r, kind, used[q]);
                }
                for (int i = 0; i < n; i++) p.members.add(member(spec, r, assigned[i], true));
                for (int i = 0; i + 1 < n; i++) {
                    Member a = p.members.get(i), b = p.members.get(i + 1);
                    a.wait = b.submit.cf() && r.nextBoolean() ? Wait.JOIN : Wait.GET;
                    if (a.pool >= 0 && a.pool == b.pool) spec.sameWaitPools.add(a.pool);
                }
                // the last waits on an external future: a CompletableFuture (CF) or a FutureTask nobody runs yet
                p.children.add(r.nextBoolean() ? Submit.CF : Submit.SUBMIT);
                p.childDelays.add(0);
                p.members.get(n - 1).wait = p.children.get(0).cf() && r.nextBoolean() ? Wait.JOIN : Wait.GET;
                if (r.nextInt(3) == 0) p.joiner = Wait.GET;
                break;
            }
            case HELP_INLINE:
            case CANCELLED_CHILD: {
                PoolKind kind = r.nextBoolean() ? PoolKind.SINGLE : PoolKind.FIXED;
                PoolSpec pool = pool(spec, r, kind, 1);
                p.members.add(new Member(pool.index, Submit.SUBMIT, Wait.GET, false));
                p.children.add(Submit.SUBMIT);
                p.childDelays.add(0);
                break;
            }
            case PRE_INTERRUPTED_CYCLE: {
                spec.issues.add(KnownIssue.PRE_INTERRUPTED);
                Spec tmp = spec;
                cycleMembers(tmp, r, p);
                p.closer = r.nextInt(p.members.size());
                for (int i = 0; i < p.members.size(); i++) {
                    Submit a = p.members.get((i + 1) % p.members.size()).submit;
                    p.members.get(i).wait = i != p.closer && a.cf() && r.nextBoolean() ? Wait.JOIN : Wait.GET;
                }
                p.preInterrupt = true;
                break;
            }
            case PRE_INTERRUPTED_STARVATION: {
                spec.issues.add(KnownIssue.PRE_INTERRUPTED);
                starvationShape(spec, r, p, Set.of(), false);
                p.ordered = true;
                List<Submit> awaited = awaitedOfStarvation(p);
                List<Member> waiters = p.waiters();
                p.closer = r.nextInt(waiters.size());
                for (int i = 0; i < waiters.size(); i++) {
                    waiters.get(i).wait = i != p.closer && awaited.get(i).cf() && r.nextBoolean() ? Wait.JOIN : Wait.GET;
                }
                p.preInterrupt = true;
                starvationRisks(spec, p);
                spec.riskPools.clear(); // whether the pre-interrupted wait is checked for a risk is not the point here
                break;
            }
            case PRE_INTERRUPTED_SELF: {
                spec.issues.add(KnownIssue.PRE_INTERRUPTED);
                PoolSpec a = pool(spec, r, MEMBER_KINDS[r.nextInt(MEMBER_KINDS.length)], 1 + r.nextInt(2));
                Member m = member(spec, r, a.index, true);
                m.wait = Wait.GET;
                p.members.add(m);
                p.closer = 0;
                p.preInterrupt = true;
                break;
            }
            case ZERO_POLL_CYCLE: {
                spec.issues.add(KnownIssue.ZERO_POLL);
                cycleMembers(spec, r, p);
                p.closer = r.nextInt(p.members.size());
                for (int i = 0; i < p.members.size(); i++) {
                    Submit a = p.members.get((i + 1) % p.members.size()).submit;
                    p.members.get(i).wait = i == p.closer ? Wait.POLL : a.cf() && r.nextBoolean() ? Wait.JOIN : Wait.GET;
                }
                break;
            }
            case GROWABLE: {
                spec.issues.add(KnownIssue.GROWABLE);
                int index = spec.pools.size();
                int cap = 1 + r.nextInt(3);
                spec.pools.add(new PoolSpec(index, PoolKind.GROWING_ABQ, 1, 2 + r.nextInt(2), cap));
                Submit c = r.nextBoolean() ? Submit.SUBMIT : Submit.CF;
                p.members.add(new Member(index, Submit.SUBMIT, c.cf() && r.nextBoolean() ? Wait.JOIN : Wait.GET, false));
                p.children.add(c);
                p.childDelays.add(0);
                spec.sameWaitPools.add(index);
                break;
            }
            case FJ_HELPING: {
                spec.issues.add(KnownIssue.FJ_HELPING);
                PoolSpec tpe = pool(spec, r, PoolKind.FIXED, 1);
                p.members.add(new Member(-2, Submit.CF, Wait.JOIN, false)); // the ForkJoin worker
                p.members.add(new Member(tpe.index, Submit.CF, r.nextBoolean() ? Wait.JOIN : Wait.GET, false));
                break;
            }
            default:
                throw new AssertionError(nm);
        }
    }

    private static void cycleMembers(Spec spec, Random r, Plant p) {
        int n = 2 + r.nextInt(3);
        int poolCount = 1 + r.nextInt(n);
        int[] used = new int[poolCount];
        int[] assigned = new int[n];
        for (int i = 0; i < n; i++) {
            assigned[i] = i < poolCount ? i : r.nextInt(poolCount);
            used[assigned[i]]++;
        }
        for (int q = 0; q < poolCount; q++) {
            PoolKind kind = MEMBER_KINDS[r.nextInt(MEMBER_KINDS.length)];
            if (kind == PoolKind.SINGLE && used[q] > 1) kind = PoolKind.FIXED;
            pool(spec, r, kind, used[q]);
        }
        for (int i = 0; i < n; i++) p.members.add(member(spec, r, assigned[i], true));
        for (int i = 0; i < n; i++) {
            Member a = p.members.get(i), b = p.members.get((i + 1) % n);
            if (a.pool >= 0 && a.pool == b.pool) spec.sameWaitPools.add(a.pool);
        }
    }

    /** All known issues (for soak runs and the reproducing tests). */
    public static Set<KnownIssue> allIssues() {
        return Collections.unmodifiableSet(EnumSet.allOf(KnownIssue.class));
    }

    /** The program of {@code seed} in log mode (also what runs without the agent). */
    public static Spec generate(long seed, Set<KnownIssue> issues) {
        return generate(seed, issues, Mode.LOG);
    }
}
