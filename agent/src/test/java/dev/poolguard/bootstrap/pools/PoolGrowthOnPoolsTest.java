package dev.poolguard.bootstrap.pools;

import dev.poolguard.bootstrap.waits.GraphWaitModel;
import dev.poolguard.bootstrap.waits.LiveWaitModel;
import dev.poolguard.bootstrap.waits.StageTracker;
import dev.poolguard.bootstrap.waits.WaitGraph;
import dev.poolguard.bootstrap.waits.WaitSlot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.bootstrap.pools.PoolGrowthTest.Capacity;

/**
 * Whether a real pool with a busy worker and work queued may start another worker, as both wait models answer
 * it ({@link LiveWaitModel#canStartWorker}, inherited by {@link GraphWaitModel}), no agent: every
 * {@code BlockingQueue} of the JDK, core == max and core < max, its queue partly full and full, crossed with
 * who submitted to the pool and what they do now. The pool's one worker waits, in a long wait, on a task
 * queued behind it (unless the row says it does not wait).
 */
class PoolGrowthOnPoolsTest {
    static final int CAPACITY = 4;

    record Kind(String name, Capacity capacity, Supplier<ThreadPoolExecutor> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Kind[] KINDS = {
            tpe("ArrayBlockingQueue(4)", Capacity.BOUNDED, () -> new ArrayBlockingQueue<>(CAPACITY)),
            tpe("LinkedBlockingQueue()", Capacity.UNBOUNDED, LinkedBlockingQueue::new),
            tpe("LinkedBlockingQueue(4)", Capacity.BOUNDED, () -> new LinkedBlockingQueue<>(CAPACITY)),
            tpe("LinkedBlockingDeque()", Capacity.UNBOUNDED, LinkedBlockingDeque::new),
            tpe("LinkedBlockingDeque(4)", Capacity.BOUNDED, () -> new LinkedBlockingDeque<>(CAPACITY)),
            tpe("PriorityBlockingQueue", Capacity.UNBOUNDED, PriorityBlockingQueue::new),
            tpe("DelayQueue", Capacity.UNBOUNDED, PoolGrowthOnPoolsTest::delayQueue),
            tpe("LinkedTransferQueue", Capacity.UNBOUNDED, LinkedTransferQueue::new),
            tpe("SynchronousQueue", Capacity.HAND_OFF, SynchronousQueue::new),
            new Kind("ScheduledThreadPoolExecutor", Capacity.UNBOUNDED, () -> new ScheduledThreadPoolExecutor(1)),
    };

    /** Who submitted to the pool, and whether one of them may still fill its queue. */
    enum Situation {
        NOBODY(false),
        /** A thread outside the pool that is not waiting. */
        FREE_OUTSIDE(true),
        /** The only submitter ended. */
        ENDED(false),
        /** A thread outside the pool in an untimed long wait on another task queued in the pool. */
        BLOCKED_OUTSIDE(false),
        /** The same wait with a timeout: once it times out, it may submit. */
        TIMED_OUTSIDE(true),
        /** A thread outside the pool in a long wait on a future that something else may complete. */
        WAITS_ON_OTHERS(true),
        /** The pool's own worker, in its long wait. */
        OWN_WORKER_WAITING(false),
        /** The pool's own worker, busy but not in a long wait. */
        OWN_WORKER_NOT_WAITING(true),
        /** Eight blocked outside threads: all known, all blocked. */
        EIGHT_BLOCKED(false),
        /** Nine: too many to know. */
        NINE_BLOCKED(true),
        /** Submissions before poolguard watched the pool (attach --watch). */
        UNKNOWN_BEFORE(true);

        final boolean maySubmit;

        Situation(boolean maySubmit) {
            this.maySubmit = maySubmit;
        }
    }

    private final PoolRegistry registry = new PoolRegistry();
    private final WaitGraph waits = new WaitGraph();
    private final StageTracker stages = new StageTracker(registry, waits);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();
    private ThreadPoolExecutor pool;

    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        for (Kind kind : KINDS) {
            for (boolean coreBelowMax : new boolean[] {false, true}) {
                for (boolean full : new boolean[] {false, true}) {
                    if (full && kind.capacity() != Capacity.BOUNDED) {
                        continue;
                    }
                    for (Situation situation : Situation.values()) {
                        boolean expected = coreBelowMax && switch (kind.capacity()) {
                            case HAND_OFF -> true;
                            case UNBOUNDED -> false;
                            case BOUNDED -> situation.maySubmit;
                        };
                        rows.add(Arguments.of(kind, coreBelowMax ? "core 1 < max 3" : "core 1 == max 1",
                                full ? "full" : "partly full", situation, expected));
                    }
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}, {1}, {2}, {3}")
    @MethodSource("table")
    void mayStartAWorker(Kind kind, String sizes, String fill, Situation situation, boolean expected) throws Exception {
        pool = kind.make().get();
        pool.setMaximumPoolSize(sizes.startsWith("core 1 <") ? 3 : 1);
        track(pool);
        boolean handOff = kind.capacity() == Capacity.HAND_OFF;
        // the queued tasks: the worker's, another one, and fillers up to the capacity when full
        Future<?> behind = queue(handOff);
        Future<?> another = queue(handOff);
        for (int i = 2; fill.equals("full") && i < CAPACITY; i++) {
            queue(false);
        }
        Thread worker = startWorker(situation == Situation.OWN_WORKER_NOT_WAITING ? null : behind);
        PoolRecord record = registry.knownPool(pool);
        PoolSubmitters submitters = record.submitters;
        switch (situation) {
            case NOBODY -> { }
            case FREE_OUTSIDE -> submitters.submitting(start(null, false));
            case ENDED -> {
                Thread ended = new Thread(() -> { });
                ended.start();
                ended.join();
                submitters.submitting(ended);
            }
            case BLOCKED_OUTSIDE -> submitters.submitting(start(another, false));
            case TIMED_OUTSIDE -> submitters.submitting(start(another, true));
            case WAITS_ON_OTHERS -> submitters.submitting(start(new CompletableFuture<>(), false));
            case OWN_WORKER_WAITING, OWN_WORKER_NOT_WAITING -> submitters.submitting(worker);
            case EIGHT_BLOCKED, NINE_BLOCKED -> {
                for (int i = situation == Situation.EIGHT_BLOCKED ? 8 : 9; i > 0; i--) {
                    submitters.submitting(start(another, false));
                }
            }
            case UNKNOWN_BEFORE -> submitters.unknownBefore();
        }
        assertEquals(expected, new LiveWaitModel(registry, waits, stages, Thread.currentThread()).canStartWorker(record),
                "live model");
        assertEquals(expected, new GraphWaitModel(registry, waits, stages, Thread.currentThread()).canStartWorker(record),
                "graph model");
        assertEquals(0, dev.poolguard.bootstrap.detect.GrowthBySubmissionAccess.depthNow(), "nothing left marked");
    }

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        if (pool != null) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        for (Thread thread : threads) {
            thread.join(30_000);
        }
    }

    /** Records the pool's workers in the registry, as the rewritten JDK does. */
    private void track(ThreadPoolExecutor tracked) {
        tracked.setThreadFactory(worker -> {
            Thread thread = new Thread(() -> {
                registry.workerStarted(tracked, worker);
                try {
                    worker.run();
                } finally {
                    registry.workerGone(worker);
                }
            }, "grow-worker");
            registry.workerCreated(tracked, worker, thread);
            return thread;
        });
    }

    /** A task put in the queue as it is (scheduled for the scheduler); for a hand-off queue, a task queued nowhere. */
    private Future<?> queue(boolean nowhere) {
        if (pool instanceof ScheduledThreadPoolExecutor scheduler) {
            return scheduler.schedule(() -> { }, 1, TimeUnit.DAYS);
        }
        Queued task = new Queued();
        if (!nowhere) {
            assertTrue(pool.getQueue().offer(task), "queued");
        }
        return task;
    }

    /** The pool's only worker: busy, and (unless {@code awaits} is null) in a long wait on {@code awaits}. */
    private Thread startWorker(Future<?> awaits) throws InterruptedException {
        CountDownLatch waiting = new CountDownLatch(1);
        Thread[] worker = new Thread[1];
        pool.execute(() -> {
            worker[0] = Thread.currentThread();
            WorkerRecord record = registry.workerOf(Thread.currentThread());
            record.running(() -> { });
            WaitSlot.current().worker = record; // as the rewritten runWorker does: its long waits count for its pool
            waitInGraph(awaits, false, waiting);
        });
        assertTrue(waiting.await(30, TimeUnit.SECONDS));
        assertEquals(1, registry.knownPool(pool).workersNow().length);
        return worker[0];
    }

    /** A thread outside the pool, alive until the test ends, in a long wait on {@code awaits} (none if null). */
    private Thread start(Future<?> awaits, boolean timed) throws InterruptedException {
        CountDownLatch waiting = new CountDownLatch(1);
        Thread thread = new Thread(() -> waitInGraph(awaits, timed, waiting), "submitter");
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
        assertTrue(waiting.await(30, TimeUnit.SECONDS));
        return thread;
    }

    /** On the current thread: enters a long wait on {@code awaits} (if any), then blocks until the test ends. */
    private void waitInGraph(Future<?> awaits, boolean timed, CountDownLatch waiting) {
        WaitSlot slot = WaitSlot.current();
        if (awaits != null) {
            slot.begin(awaits, timed);
            waits.enter(slot);
        }
        waiting.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waits.leave(slot);
            slot.end();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static BlockingQueue<Runnable> delayQueue() {
        return (BlockingQueue) new DelayQueue<Queued>();
    }

    private static Kind tpe(String name, Capacity capacity, Supplier<BlockingQueue<Runnable>> queue) {
        return new Kind(name, capacity, () -> new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, queue.get()));
    }

    /** A queued task every queue takes: delayed (never due) and comparable. */
    static final class Queued extends FutureTask<Object> implements Delayed {
        Queued() {
            super(() -> null);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return Long.MAX_VALUE;
        }

        @Override
        public int compareTo(Delayed o) {
            return 0;
        }
    }
}
