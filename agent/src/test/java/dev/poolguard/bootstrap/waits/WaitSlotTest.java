package dev.poolguard.bootstrap.waits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A thread's wait slot: what a wait takes from the submission note, when it is checked, suspension. */
class WaitSlotTest {
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    private final WaitSlot slot = WaitSlot.current();

    @AfterEach
    void clean() {
        slot.end();
        slot.forgetSubmission();
        pool.shutdownNow();
    }

    @Test
    void aWaitOnTheTaskJustSubmittedKnowsItsPool() {
        FutureTask<Integer> task = new FutureTask<>(() -> 1);
        slot.submitted(pool, task);
        slot.begin(task, false);
        assertSame(pool, slot.queuedIn);
        assertSame(task, slot.future);
        assertNull(slot.submitted, "the note is used up by the wait");
    }

    @Test
    void aWaitOnAnyOtherFutureDoesNot() {
        slot.submitted(pool, new FutureTask<>(() -> 1));
        slot.begin(new FutureTask<>(() -> 2), true);
        assertNull(slot.queuedIn);
        assertTrue(slot.timed);
        assertNull(slot.submitted, "a note the wait did not match is dropped too: it would only retain the task");
    }

    @Test
    void aRunnableSubmittedThroughAFutureTaskIsMatchedThroughItsWrapper() {
        Runnable body = () -> { };
        FutureTask<Void> wrapper = new FutureTask<>(body, null);
        slot.submitted(pool, wrapper);
        slot.begin(wrapper, false);
        assertSame(pool, slot.queuedIn);
    }

    @Test
    void theFirstParkOnlySetsTheFirstCheckThenChecksBackOffToOneSecond() {
        FutureTask<Integer> task = new FutureTask<>(() -> 1);
        slot.begin(task, false);
        long now = 1_000_000_000L;
        assertFalse(slot.checkDue(now), "parked just now");
        assertEquals(now + WaitSlot.FIRST_CHECK_NANOS, slot.checkAt);
        assertFalse(slot.checkDue(now + WaitSlot.FIRST_CHECK_NANOS - 1));
        assertTrue(slot.checkDue(now + WaitSlot.FIRST_CHECK_NANOS));
        long t = now + WaitSlot.FIRST_CHECK_NANOS;
        long previous = WaitSlot.FIRST_CHECK_NANOS;
        for (int i = 0; i < 20; i++) {
            slot.scheduleNextCheck(t);
            long interval = slot.checkAt - t;
            assertTrue(interval >= previous && interval <= WaitSlot.MAX_CHECK_INTERVAL_NANOS, "interval " + interval);
            previous = interval;
            t = slot.checkAt;
        }
        assertEquals(WaitSlot.MAX_CHECK_INTERVAL_NANOS, previous, "capped");
        slot.end();
        slot.begin(task, false);
        assertFalse(slot.checkDue(t), "a new wait starts over");
    }

    @Test
    void aSuspendedWaitIsRestoredAsItWasAndCheckedFromTheStart() {
        FutureTask<Integer> task = new FutureTask<>(() -> 1);
        slot.submitted(pool, task);
        slot.begin(task, true);
        slot.checkDue(5L);
        assertTrue(slot.suspend());
        assertNull(slot.future);
        assertFalse(slot.suspend(), "nothing left to suspend");
        slot.resume();
        assertSame(task, slot.future);
        assertTrue(slot.timed);
        assertSame(pool, slot.queuedIn);
        assertEquals(0L, slot.checkAt, "checked again from its first check");
    }
}
