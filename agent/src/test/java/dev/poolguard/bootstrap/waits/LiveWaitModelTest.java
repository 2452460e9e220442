package dev.poolguard.bootstrap.waits;

import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.pools.TrackedPool;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live model's answers on real pools (fed by {@link TrackedPool}, no agent): the first question
 * about a queued task is searched in place, later ones go through the index; both must agree.
 */
class LiveWaitModelTest {
    private final PoolRegistry registry = new PoolRegistry();
    private final WaitGraph waits = new WaitGraph();
    private final StageTracker stages = new StageTracker(registry, waits);
    private final CountDownLatch release = new CountDownLatch(1);
    private TrackedPool busy;
    private TrackedPool idle;
    private Future<?> queued;

    @BeforeEach
    void oneBusyPoolWithAQueuedTaskAndOneIdlePool() throws InterruptedException {
        busy = new TrackedPool(registry, "busy", 1, new LinkedBlockingQueue<>());
        idle = new TrackedPool(registry, "idle", 1, new LinkedBlockingQueue<>());
        CountDownLatch blocking = new CountDownLatch(1);
        busy.execute(() -> {
            blocking.countDown();
            awaitRelease();
        });
        idle.submit(() -> { }); // starts its worker, which then waits for work
        assertTrue(blocking.await(30, TimeUnit.SECONDS));
        queued = busy.submit(() -> 42);
    }

    @AfterEach
    void stopPools() throws InterruptedException {
        release.countDown();
        busy.shutdownNow();
        idle.shutdownNow();
        assertTrue(busy.awaitTermination(30, TimeUnit.SECONDS));
        assertTrue(idle.awaitTermination(30, TimeUnit.SECONDS));
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private LiveWaitModel model() {
        return new LiveWaitModel(registry, waits, stages, Thread.currentThread());
    }

    @Test
    void aQueuedTaskIsFoundBySearchAndThenByIndex() {
        LiveWaitModel model = model();
        PoolRecord record = busy.record(registry);
        assertSame(record, model.poolQueueing(queued), "first question: searched in place");
        assertSame(record, model.poolQueueing(queued), "second question: indexed");
    }

    @Test
    void theFirstQuestionsReadsServeLaterQuestions() {
        Future<?> second = busy.submit(() -> 43);
        LiveWaitModel model = model();
        PoolRecord record = busy.record(registry);
        assertSame(record, model.poolQueueing(second), "found behind the first queued task");
        assertSame(record, model.poolQueueing(queued), "indexed from what the first question read");
        assertSame(record, model.poolQueueing(second));
    }

    @Test
    void aTaskQueuedNowhereIsUnknownEitherWay() {
        LiveWaitModel model = model();
        FutureTask<Integer> nowhere = new FutureTask<>(() -> 1);
        assertNull(model.poolQueueing(nowhere));
        assertNull(model.poolQueueing(nowhere));
        assertSame(busy.record(registry), model.poolQueueing(queued), "the index still finds the queued one");
    }

    @Test
    void aTaskQueuedInAStuckPoolIsSeenAndItsPoolRemembered() {
        LiveWaitModel model = model();
        assertFalse(model.queuedTaskProgresses(queued), "queued behind the only, busy worker");
        assertSame(busy.record(registry), model.poolQueueing(queued));
        assertTrue(model().queuedTaskProgresses(new FutureTask<>(() -> 1)), "queued nowhere: unknown, progress");
    }

    @Test
    void aBusyOneWorkerPoolWithAnUnboundedQueueCannotProgressByItself() {
        LiveWaitModel model = model();
        PoolRecord record = busy.record(registry);
        assertFalse(model.hasIdleWorker(record));
        assertFalse(model.canStartWorker(record));
    }

    @Test
    void onlyWaitsInTheGraphAreSeenWithTheirFutureAndWhetherTheyAreTimed() {
        Thread thread = Thread.currentThread();
        WaitSlot slot = WaitSlot.current();
        slot.begin(queued, false);
        assertNull(model().awaitedBy(thread), "a wait not yet analysed is nobody else's business");
        waits.enter(slot);
        assertSame(queued, model().awaitedBy(thread));
        assertFalse(model().timedWait(thread));

        waits.leave(slot);
        slot.end();
        slot.begin(queued, true);
        waits.enter(slot);
        assertSame(queued, model().awaitedBy(thread), "a timed wait names the same future");
        assertTrue(model().timedWait(thread));

        waits.leave(slot);
        slot.suspend();
        assertNull(model().awaitedBy(thread), "suspended while the thread runs a stage");
        slot.resume();
        waits.enter(slot);
        assertSame(queued, model().awaitedBy(thread), "resumed as it was");
        assertTrue(model().timedWait(thread));
        waits.leave(slot);
        slot.end();
        assertNull(model().awaitedBy(thread));
        assertFalse(model().timedWait(thread));
    }
}
