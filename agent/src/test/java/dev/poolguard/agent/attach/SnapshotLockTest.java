package dev.poolguard.agent.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.poolguard.agent.attach.Snapshot.ThreadShot;
import dev.poolguard.bootstrap.waits.DeadlockReport;
import dev.poolguard.bootstrap.waits.DeadlockReport.ThreadInfo;

/** Lock edges in attach's snapshot: a ring through a lock and a future, and what is no ring. */
class SnapshotLockTest {
    static final String LOCK = "java.util.concurrent.locks.ReentrantLock$NonfairSync@1b6d3586";

    @Test
    void aTaskHoldingALockWaitsOnATaskBlockedOnIt() {
        // a (pool p) holds the lock and waits on b's task; b (pool q) runs it, blocked on the lock
        Snapshot snapshot = new SnapshotTable()
                .worker(1, "a", "p", true, 10L)
                .lockWaiter(2, "b", "q", 1, LOCK)
                .future(10, 2L, null)
                .pool("p", 1, 1, 1, false, 0, 1L).pool("q", 1, 1, 1, false, 0, 2L)
                .build();
        List<DeadlockReport> found = SnapshotAnalysis.deadlocks(snapshot);
        assertEquals(1, found.size());
        DeadlockReport report = found.get(0);
        assertEquals("CYCLE", report.kind());
        ThreadInfo a = report.threads().get(0);
        ThreadInfo b = report.threads().get(1);
        assertEquals(List.of("a", "b"), List.of(a.thread(), b.thread()));
        assertEquals("FutureTask@10", a.waitsFor());
        assertNull(a.lock());
        assertNull(b.waitsFor());
        assertEquals(LOCK + " owned by 'a'", b.lock().text());
        assertEquals("FutureTask@10", b.task());
    }

    @Test
    void aLockHeldByAThreadThatWaitsForNothingIsProgress() {
        Snapshot snapshot = new SnapshotTable()
                .worker(1, "a", "p", true, 10L)
                .lockWaiter(2, "b", "q", 3, LOCK)
                .thread(3, "holder", null)
                .future(10, 2L, null)
                .pool("p", 1, 1, 1, false, 0, 1L).pool("q", 1, 1, 1, false, 0, 2L)
                .build();
        assertTrue(SnapshotAnalysis.deadlocks(snapshot).isEmpty());
    }

    @Test
    void theLockAndItsOwnerTravelInTheSnapshotsJson() {
        Snapshot snapshot = new SnapshotTable().worker(1, "a", "p", true, null).lockWaiter(2, "b", null, 1, LOCK)
                .pool("p", 1, 1, 1, false, 0, 1L).build();
        Snapshot back = SnapshotJson.read(SnapshotJson.write(snapshot));
        ThreadShot a = back.threads().get(0);
        ThreadShot b = back.threads().get(1);
        assertNull(a.lockOwner());
        assertNull(a.lock());
        assertEquals(1L, b.lockOwner());
        assertEquals(LOCK, b.lock());
    }
}
