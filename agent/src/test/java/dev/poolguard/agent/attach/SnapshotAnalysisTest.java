package dev.poolguard.agent.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.poolguard.bootstrap.waits.DeadlockReport;
import dev.poolguard.bootstrap.waits.DeadlockReport.ThreadInfo;

class SnapshotAnalysisTest {

    private static List<String> names(DeadlockReport report) {
        return report.threads().stream().map(ThreadInfo::thread).toList();
    }

    @Test
    void selfWaitIsReportedWithTheTaskItRuns() {
        Snapshot snapshot = new SnapshotTable()
                .worker(1, "w-1", "p", true, 10L)
                .future(10, 1L, null)
                .pool("p", 1, 1, 1, false, 0, 1L)
                .build();
        List<DeadlockReport> found = SnapshotAnalysis.deadlocks(snapshot);
        assertEquals(1, found.size());
        assertEquals("SELF_WAIT", found.get(0).kind());
        ThreadInfo thread = found.get(0).threads().get(0);
        assertEquals("w-1", thread.thread());
        assertEquals("ThreadPoolExecutor#p", thread.pool());
        assertEquals("FutureTask@10", thread.task());
        assertEquals("FutureTask@10", thread.waitsFor());
    }

    @Test
    void starvationIsReportedOnceThoughMainWaitsIntoIt() {
        // main waits on the outer task, which the only worker runs; it waits on the inner one, queued behind it
        Snapshot snapshot = new SnapshotTable()
                .thread(1, "main", 10L)
                .worker(2, "w-1", "p", true, 11L)
                .future(10, 2L, null)
                .future(11, null, "p")
                .pool("p", 1, 1, 1, false, 1, 2L)
                .build();
        List<DeadlockReport> found = SnapshotAnalysis.deadlocks(snapshot);
        assertEquals(1, found.size());
        DeadlockReport report = found.get(0);
        assertEquals("STARVATION", report.kind());
        assertEquals(List.of("w-1"), names(report));
        assertEquals("FutureTask@10", report.threads().get(0).task());
        assertEquals(1, report.pools().size());
        assertEquals(1, report.pools().get(0).queued());
    }

    @Test
    void aCycleOfTwoIsOneDeadlock() {
        Snapshot snapshot = new SnapshotTable()
                .thread(1, "main", 10L)
                .worker(2, "w-1", "p", true, 11L)
                .worker(3, "w-2", "p", true, 10L)
                .future(10, 2L, null)
                .future(11, 3L, null)
                .pool("p", 2, 2, 2, false, 0, 2L, 3L)
                .build();
        List<DeadlockReport> found = SnapshotAnalysis.deadlocks(snapshot);
        assertEquals(1, found.size());
        assertEquals("CYCLE", found.get(0).kind());
        assertEquals(List.of("w-1", "w-2"), names(found.get(0)));
    }

    @Test
    void twoSeparateDeadlocksAreBothReported() {
        Snapshot snapshot = new SnapshotTable()
                .worker(1, "a", "p", true, 10L).future(10, 1L, null)
                .worker(2, "b", "q", true, 11L).future(11, 2L, null)
                .pool("p", 1, 1, 1, false, 0, 1L).pool("q", 1, 1, 1, false, 0, 2L)
                .build();
        assertEquals(2, SnapshotAnalysis.deadlocks(snapshot).size());
    }

    @Test
    void aWaitOnARunningTaskIsNoDeadlock() {
        Snapshot snapshot = new SnapshotTable()
                .thread(1, "main", 10L)
                .worker(2, "w-1", "p", true, null)
                .future(10, 2L, null)
                .pool("p", 1, 1, 1, false, 0, 2L)
                .build();
        assertTrue(SnapshotAnalysis.deadlocks(snapshot).isEmpty());
    }

    @Test
    void aQueuedTaskIsNoDeadlockWhenThePoolHasAnIdleWorkerOrCanGrow() {
        SnapshotTable idle = new SnapshotTable()
                .worker(1, "w-1", "p", true, 11L).worker(2, "w-2", "p", false, null)
                .future(11, null, "p").pool("p", 2, 2, 2, false, 1, 1L, 2L);
        assertTrue(SnapshotAnalysis.deadlocks(idle.build()).isEmpty());
        SnapshotTable belowCore = new SnapshotTable()
                .worker(1, "w-1", "p", true, 11L).future(11, null, "p").pool("p", 1, 2, 2, false, 1, 1L);
        assertTrue(SnapshotAnalysis.deadlocks(belowCore.build()).isEmpty());
        SnapshotTable boundedBelowMax = new SnapshotTable()
                .worker(1, "w-1", "p", true, 11L).future(11, null, "p").pool("p", 1, 1, 4, true, 1, 1L);
        assertTrue(SnapshotAnalysis.deadlocks(boundedBelowMax.build()).isEmpty());
        SnapshotTable workerNotSeen = new SnapshotTable()
                .worker(1, "w-1", "p", true, 11L).future(11, null, "p").pool("p", 2, 2, 2, false, 1, 1L);
        assertTrue(SnapshotAnalysis.deadlocks(workerNotSeen.build()).isEmpty());
    }

    @Test
    void doneOrUnknownFuturesAreNoDeadlock() {
        Snapshot snapshot = new SnapshotTable()
                .worker(1, "w-1", "p", true, 10L).doneFuture(10)
                .worker(2, "w-2", "p", true, 11L).future(11, null, null)
                .pool("p", 2, 2, 2, false, 0, 1L, 2L)
                .build();
        assertTrue(SnapshotAnalysis.deadlocks(snapshot).isEmpty());
    }

    @Test
    void aTimedWaitMakesTheDeadlockTimed() {
        Snapshot snapshot = new SnapshotTable()
                .timedWorker(1, "w-1", "p", 11L)
                .future(11, null, "p")
                .pool("p", 1, 1, 1, false, 1, 1L)
                .build();
        DeadlockReport report = SnapshotAnalysis.deadlocks(snapshot).get(0);
        assertTrue(report.timed());
        assertEquals("STARVATION", report.kind());
    }

    @Test
    void aThreadOutsidePoolsHasNoPool() {
        Snapshot snapshot = new SnapshotTable()
                .thread(1, "main", 10L).future(10, 1L, null)
                .build();
        DeadlockReport report = SnapshotAnalysis.deadlocks(snapshot).get(0);
        assertNull(report.threads().get(0).pool());
        assertFalse(report.timed());
    }
}
