package dev.poolguard.bootstrap.waits;

import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.pools.TrackedPool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.poolguard.bootstrap.detect.DeadlockDetector;
import dev.poolguard.bootstrap.detect.DeadlockKind;
import dev.poolguard.bootstrap.detect.Verdict;

/**
 * The cheap model on real pools (no agent): with 100,000 tasks queued, a wait is decided without reading
 * a queue unless a pool is stuck; a stuck pool's queue is read once per check.
 */
class GraphWaitModelTest {
    private static final int BACKLOG = 100_000;

    /** A queue that counts how often it is read whole. */
    static final class CountingQueue extends LinkedBlockingQueue<Runnable> {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Object[] toArray() {
            reads.incrementAndGet();
            return super.toArray();
        }

        @Override
        public <T> T[] toArray(T[] a) {
            reads.incrementAndGet();
            return super.toArray(a);
        }
    }

    private final PoolRegistry registry = new PoolRegistry();
    private final WaitGraph graph = new WaitGraph();
    private final StageTracker stages = new StageTracker(registry, graph);
    private final CountingQueue queue = new CountingQueue();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch workerWaits = new CountDownLatch(1);
    private TrackedPool busy;
    private WaitSlot mine;

    @BeforeEach
    void setUp() {
        busy = new TrackedPool(registry, "busy", 1, queue);
        mine = WaitSlot.current();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        graph.leave(mine);
        mine.end();
        mine.forgetSubmission();
        release.countDown();
        busy.shutdownNow();
        assertTrue(busy.awaitTermination(30, TimeUnit.SECONDS));
    }

    /** The only worker runs a task that blocks on the latch; if {@code inLongWait}, it is a long wait on {@code on}. */
    private void occupyTheWorker(boolean inLongWait, Object[] on) throws InterruptedException {
        busy.execute(() -> {
            if (inLongWait) {
                WaitSlot slot = WaitSlot.current();
                slot.worker = registry.workerOf(Thread.currentThread());
                slot.begin(on[0], false);
                graph.enter(slot);
            }
            workerWaits.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                WaitSlot slot = WaitSlot.current();
                graph.leave(slot);
                slot.end();
            }
        });
        assertTrue(workerWaits.await(30, TimeUnit.SECONDS));
    }

    private void backlog() {
        for (int i = 0; i < BACKLOG; i++) {
            busy.execute(() -> { });
        }
    }

    private GraphWaitModel waitOn(Object future) {
        mine.begin(future, false);
        graph.enter(mine);
        return new GraphWaitModel(registry, graph, stages, Thread.currentThread());
    }

    @Test
    void aTaskTheWaiterQueuedBehindTheBacklogIsPlacedWithoutReadingTheQueue() throws InterruptedException {
        occupyTheWorker(false, null);
        backlog();
        Future<?> last = busy.submit(() -> 1);
        mine.submitted(busy, last); // what the rewritten execute notes
        GraphWaitModel model = waitOn(last);
        assertSame(busy.record(registry), model.poolQueueing(last));
        assertNull(DeadlockDetector.check(model, Thread.currentThread()), "its worker is busy, not waiting: progress");
        assertEquals(0, queue.reads.get(), "no queue read");
    }

    @Test
    void aTaskSomeoneElseQueuedInAPoolThatProgressesIsUnknownWithoutReadingTheQueue() throws InterruptedException {
        occupyTheWorker(false, null);
        backlog();
        Future<?> last = busy.submit(() -> 1);
        GraphWaitModel model = waitOn(last);
        assertNull(model.poolQueueing(last), "unknown: counts as progress");
        assertNull(DeadlockDetector.check(model, Thread.currentThread()));
        assertEquals(0, queue.reads.get(), "no queue read: the pool is not stuck");
    }

    @Test
    void aStuckPoolsQueueIsReadOncePerCheckAndFindsTheTask() throws InterruptedException {
        // the only worker is in a long wait (on a task queued nowhere: it counts as progress in the walk,
        // but the pool is stuck as far as the search for queued tasks goes)
        occupyTheWorker(true, new Object[] {new java.util.concurrent.FutureTask<>(() -> 0)});
        backlog();
        Future<?> a = busy.submit(() -> 1);
        Future<?> b = busy.submit(() -> 2);
        GraphWaitModel model = waitOn(a);
        assertSame(busy.record(registry), model.poolQueueing(a), "found in the stuck pool's queue");
        assertSame(busy.record(registry), model.poolQueueing(b), "indexed: no second read");
        assertEquals(1, queue.reads.get());
    }

    @Test
    void aDeadlockClosedBehindTheBacklogIsStarvation() throws InterruptedException {
        Object[] workerWaitsOn = new Object[1];
        Future<?> inner = new java.util.concurrent.FutureTask<>(() -> 1);
        workerWaitsOn[0] = inner;
        occupyTheWorker(true, workerWaitsOn);
        backlog();
        busy.execute((Runnable) inner);
        Future<?> outer = busy.submit(() -> 2);
        GraphWaitModel model = waitOn(outer);
        Verdict<Thread, Object, PoolRecord> verdict = DeadlockDetector.check(model, Thread.currentThread());
        assertNotNull(verdict);
        assertEquals(DeadlockKind.STARVATION, verdict.kind());
        Collection<PoolRecord> pools = verdict.pools();
        assertEquals(1, pools.size());
        assertEquals(1, queue.reads.get(), "the stuck pool's queue, once");
    }
}
