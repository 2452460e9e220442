package dev.poolguard.bootstrap.shutdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.poolguard.bootstrap.shutdown.ShutdownSummary.InFlightTask;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary.QueuedTask;

/** ForkJoinPools at shutdown, found through their workers, without an agent. */
@Timeout(60)
class ForkJoinShutdownTest {
    private static StackTraceElement frame(String type, String method) {
        return new StackTraceElement(type, method, null, -1);
    }

    @Test
    void aWorkerRunsATaskExactlyWhenItsStackHoldsDoExec() {
        StackTraceElement[] idle = {frame("jdk.internal.misc.Unsafe", "park"),
                frame("java.util.concurrent.ForkJoinPool", "awaitWork"), frame("java.util.concurrent.ForkJoinPool", "runWorker")};
        StackTraceElement[] busy = {frame("com.example.Job", "compute"),
                frame("java.util.concurrent.RecursiveAction", "exec"), frame("java.util.concurrent.ForkJoinTask", "doExec"),
                frame("java.util.concurrent.ForkJoinPool", "runWorker")};
        StackTraceElement[] jdkOnly = {frame("java.util.Arrays", "sort"), frame("java.util.concurrent.ForkJoinTask", "doExec")};
        assertEquals(-1, ForkJoinShutdown.runningFrame(idle));
        assertEquals(2, ForkJoinShutdown.runningFrame(busy));
        assertEquals("(a ForkJoin task in com.example.Job.compute(Unknown Source))", ForkJoinShutdown.describe(busy, 2));
        assertEquals("(a ForkJoin task in java.util.Arrays.sort(Unknown Source))", ForkJoinShutdown.describe(jdkOnly, 1));
        assertEquals("(a ForkJoin task)", ForkJoinShutdown.describe(new StackTraceElement[] {busy[2]}, 0));
    }

    @Test
    void aRunningTaskKeepsItsPoolUnsettledAndIsListed() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(2);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            pool.execute(() -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(running.await(30, TimeUnit.SECONDS));
            Map<ForkJoinPool, List<ForkJoinWorkerThread>> pools = ForkJoinShutdown.poolsNow();
            assertTrue(pools.containsKey(pool), "found through its worker");
            assertFalse(ForkJoinShutdown.settled(pool, pools.get(pool), Set.of()));
            assertTrue(ForkJoinShutdown.settled(pool, pools.get(pool), Set.copyOf(pools.get(pool))),
                    "a worker stuck in System.exit is not waited for");
            List<InFlightTask> inFlight = new ArrayList<>();
            List<QueuedTask> queued = new ArrayList<>();
            ForkJoinShutdown.listLeft(pool, pools.get(pool), inFlight, queued);
            assertEquals(1, inFlight.size(), inFlight::toString);
            assertTrue(inFlight.get(0).task().contains("ForkJoinShutdownTest"), inFlight.get(0).task());
            assertEquals(List.of(), queued);

            release.countDown();
            while (!pool.isQuiescent()) {
                Thread.onSpinWait();
            }
            assertTrue(ForkJoinShutdown.settled(pool, ForkJoinShutdown.poolsNow().getOrDefault(pool, List.of()), Set.of()));
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
