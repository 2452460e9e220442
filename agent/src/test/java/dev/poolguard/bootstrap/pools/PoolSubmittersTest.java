package dev.poolguard.bootstrap.pools;

import dev.poolguard.bootstrap.GcSupport;
import dev.poolguard.bootstrap.waits.DeadlockWatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pool's submitters ({@link PoolSubmitters}) and how the submission hook path fills them
 * ({@link DeadlockWatch#submitting}): distinct threads, held weakly, ended ones replaced, many past eight,
 * and nothing allocated once a thread is known.
 */
class PoolSubmittersTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> started = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        for (Thread thread : started) {
            thread.join(30_000);
        }
    }

    @Test
    void distinctLiveThreadsOnly() throws InterruptedException {
        PoolSubmitters submitters = new PoolSubmitters();
        assertEquals(List.of(), submitters.liveNow(), "nobody yet");
        Thread me = Thread.currentThread();
        submitters.submitting(me);
        submitters.submitting(me);
        Thread other = parked();
        submitters.submitting(other);
        assertEquals(List.of(me, other), submitters.liveNow());
        Thread ended = ended();
        submitters.submitting(ended);
        assertEquals(List.of(me, other), submitters.liveNow(), "an ended submitter can no longer submit");
    }

    @Test
    void endedSubmittersArePlacesForNewOnesAndThePastNinthMakesMany() throws InterruptedException {
        PoolSubmitters submitters = new PoolSubmitters();
        for (int i = 0; i < PoolSubmitters.SLOTS; i++) {
            submitters.submitting(ended());
        }
        List<Thread> live = new ArrayList<>();
        for (int i = 0; i < PoolSubmitters.SLOTS; i++) {
            Thread thread = parked();
            live.add(thread);
            submitters.submitting(thread); // each takes the place of an ended one
        }
        assertEquals(live, submitters.liveNow());
        submitters.submitting(live.get(3));
        assertNotNull(submitters.liveNow(), "a known one again is no new one");
        submitters.submitting(parked());
        assertNull(submitters.liveNow(), "a ninth live one: too many to know, for good");
    }

    @Test
    void submittersAreHeldWeakly() throws InterruptedException {
        PoolSubmitters submitters = new PoolSubmitters();
        Thread thread = ended();
        submitters.submitting(thread);
        WeakReference<Thread> gone = new WeakReference<>(thread);
        thread = null;
        assertTrue(GcSupport.collect(gone), "the ended submitter was collected: poolguard kept it alive");
        assertEquals(List.of(), submitters.liveNow());
    }

    @Test
    void unknownBeforeCountsAsMany() {
        PoolSubmitters submitters = new PoolSubmitters();
        submitters.unknownBefore();
        assertNull(submitters.liveNow());
    }

    @Test
    void theHookMakesThePoolsRecordAtItsFirstSubmissionAndNamesItByItsFirstWorkerLater() throws Exception {
        PoolRegistry registry = new PoolRegistry();
        DeadlockWatch watch = new DeadlockWatch(registry);
        ThreadPoolExecutor pool = new TrackedPool(registry, "named", 1, new LinkedBlockingQueue<>());
        try {
            watch.submitting(pool, (Runnable) () -> { }); // as the hook does, before execute runs
            PoolRecord record = registry.knownPool(pool);
            assertNotNull(record, "made at the first submission");
            assertEquals(List.of(Thread.currentThread()), record.submitters.liveNow());
            pool.submit(() -> { }).get(30, TimeUnit.SECONDS);
            assertSame(record, registry.knownPool(pool));
            assertTrue(record.id().endsWith("(named-)"), record.id());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKnownSubmitterAllocatesNothing() {
        PoolRegistry registry = new PoolRegistry();
        DeadlockWatch watch = new DeadlockWatch(registry);
        ThreadPoolExecutor[] pools = new ThreadPoolExecutor[8];
        for (int i = 0; i < pools.length; i++) {
            pools[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        }
        Runnable task = () -> { };
        for (int i = 0; i < 20_000; i++) {
            watch.submitting(pools[i % pools.length], task); // first sightings, then warm
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long empty = -threads.getThreadAllocatedBytes(id) + threads.getThreadAllocatedBytes(id);
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 100_000; i++) {
            watch.submitting(pools[i % pools.length], task);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before - empty;
        assertTrue(allocated < 1_000, () -> "100,000 submissions by a known submitter to 8 pools allocated "
                + allocated + " bytes");
        for (ThreadPoolExecutor pool : pools) {
            assertEquals(List.of(Thread.currentThread()), registry.knownPool(pool).submitters.liveNow());
        }
    }

    private Thread parked() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "submitter");
        thread.setDaemon(true);
        started.add(thread);
        thread.start();
        assertTrue(running.await(30, TimeUnit.SECONDS));
        return thread;
    }

    private static Thread ended() throws InterruptedException {
        Thread thread = new Thread(() -> { }, "ended");
        thread.start();
        thread.join();
        return thread;
    }
}
