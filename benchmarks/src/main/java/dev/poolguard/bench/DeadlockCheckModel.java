package dev.poolguard.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.poolguard.bootstrap.detect.DeadlockDetector;
import dev.poolguard.bootstrap.detect.Verdict;
import dev.poolguard.bootstrap.detect.WaitModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The deadlock detector's algorithm alone ({@code DeadlockDetector.check}), in process, on a model of
 * {@code waiters} (1,000) waiting threads across {@code pools} (100) pools whose every question is a field
 * read. No agent needed: this is the pure algorithm cost, apart from reading live pool state (see
 * {@link DeadlockCheck} for that, with the agent).
 *
 * <ul>
 *   <li>{@code fastPath}: the awaited task runs on a thread that waits on nothing: one step.</li>
 *   <li>{@code fullWalk}: the wait depends on a chain through all 100 saturated pools and 1,000 waiters,
 *       ending at a thread that progresses: the whole graph is walked, and the answer is "no deadlock".</li>
 *   <li>{@code deadlockFound}: the same chain closed into a ring: the whole graph is walked and a
 *       starvation verdict naming 1,001 threads and 100 pools is built (this happens once per deadlock).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DeadlockCheckModel {
    @Param({"1000"})
    public int waiters;

    @Param({"100"})
    public int pools;

    private Model model;
    private Node fastCloser;
    private Node walkCloser;
    private Node ringCloser;

    @Setup
    public void setup() {
        model = new Model();
        int perPool = waiters / pools;
        // the 1,000 waiters of the two chains below, plus a fast-path waiter
        Node free = new Node(null); // runs tasks, waits on nothing
        fastCloser = new Node(null);
        fastCloser.awaits = new Fut(free, null);

        walkCloser = new Node(null);
        walkCloser.awaits = chain(perPool, new Fut(free, null), null);
        ringCloser = new Node(null);
        ringCloser.awaits = chain(perPool, null, ringCloser);
    }

    /**
     * Pools 0..pools-1, each saturated with perPool workers; pool i's workers wait on tasks queued in pool
     * i+1; the last pool's workers wait on {@code last} (a progressing task), or, when it is null, on
     * tasks queued in pool 0 (a ring). Returns a task queued in pool 0.
     */
    private Fut chain(int perPool, Fut last, Node closer) {
        List<Pool> chain = new ArrayList<>();
        for (int p = 0; p < pools; p++) {
            chain.add(new Pool());
        }
        for (int p = 0; p < pools; p++) {
            Pool pool = chain.get(p);
            for (int w = 0; w < perPool; w++) {
                Node worker = new Node(pool);
                worker.busy = true;
                boolean lastPool = p == pools - 1;
                worker.awaits = lastPool && last != null ? last
                        : new Fut(null, chain.get(lastPool ? 0 : p + 1));
                pool.workers.add(worker);
            }
        }
        return new Fut(null, chain.get(0));
    }

    @Benchmark
    public Verdict<Node, Fut, Pool> fastPath() {
        return DeadlockDetector.check(model, fastCloser);
    }

    @Benchmark
    public Verdict<Node, Fut, Pool> fullWalk() {
        return DeadlockDetector.check(model, walkCloser);
    }

    @Benchmark
    public Verdict<Node, Fut, Pool> deadlockFound() {
        Verdict<Node, Fut, Pool> verdict = DeadlockDetector.check(model, ringCloser);
        if (verdict == null) {
            throw new AssertionError("the ring must be found");
        }
        return verdict;
    }

    /** A thread of the model. */
    public static final class Node {
        final Pool pool;
        Fut awaits;
        boolean busy;

        Node(Pool pool) {
            this.pool = pool;
        }
    }

    /** A future: running on {@code runner}, or queued in {@code queuedIn}. */
    public static final class Fut {
        final Node runner;
        final Pool queuedIn;

        Fut(Node runner, Pool queuedIn) {
            this.runner = runner;
            this.queuedIn = queuedIn;
        }
    }

    /** A saturated pool: it cannot start another worker. */
    public static final class Pool {
        final List<Node> workers = new ArrayList<>();
    }

    private static final class Model implements WaitModel<Node, Fut, Pool> {
        @Override
        public Fut awaitedBy(Node thread) {
            return thread.awaits;
        }

        @Override
        public boolean timedWait(Node thread) {
            return false;
        }

        @Override
        public boolean isDone(Fut future) {
            return false;
        }

        @Override
        public Node runnerOf(Fut future) {
            return future.runner;
        }

        @Override
        public Pool poolQueueing(Fut future) {
            return future.queuedIn;
        }

        @Override
        public Pool poolOf(Node thread) {
            return thread.pool;
        }

        @Override
        public Collection<Node> workersOf(Pool pool) {
            return pool.workers;
        }

        @Override
        public boolean busy(Node worker) {
            return worker.busy;
        }

        @Override
        public boolean canStartWorker(Pool pool) {
            return false;
        }
    }
}
