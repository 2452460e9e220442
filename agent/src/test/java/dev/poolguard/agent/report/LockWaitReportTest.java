package dev.poolguard.agent.report;

import dev.poolguard.agent.events.WaitEvents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.poolguard.bootstrap.waits.DeadlockReport;
import dev.poolguard.bootstrap.waits.DeadlockReport.HeldLock;
import dev.poolguard.bootstrap.waits.DeadlockReport.ThreadInfo;

/** A deadlock through a lock as the report event, the log and the exception message word it. */
class LockWaitReportTest {
    static final String LOCK = "java.util.concurrent.locks.ReentrantLock$NonfairSync@1b6d3586";
    static final StackTraceElement[] FUTURE_WAIT = {
            new StackTraceElement("java.util.concurrent.FutureTask", "awaitDone", "FutureTask.java", 444),
            new StackTraceElement("com.example.Ledger", "post", "Ledger.java", 20)};
    static final StackTraceElement[] LOCK_WAIT = {
            new StackTraceElement("java.util.concurrent.locks.ReentrantLock", "lock", "ReentrantLock.java", 322),
            new StackTraceElement("com.example.Ledger", "audit", "Ledger.java", 31)};

    /** Shape 7: p1-1 holds the lock and waits on the audit task, which p2-1 runs, blocked on the lock. */
    static DeadlockReport shape7() {
        return new DeadlockReport("CYCLE", false, List.of(
                new ThreadInfo("p1-1", "ThreadPoolExecutor#1(p1-)", "Task[post]", "Task[audit]", FUTURE_WAIT),
                new ThreadInfo("p2-1", "ThreadPoolExecutor#2(p2-)", "Task[audit]", null, new HeldLock(LOCK, "p1-1"),
                        LOCK_WAIT)), List.of());
    }

    @Test
    void theEventHasLockForTheLockWaiterAndWaitsForForTheOther() {
        Map<String, Object> event = EventJson.of(WaitEvents.DEADLOCK, shape7(), null, 7);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> threads = (List<Map<String, Object>>) event.get("threads");
        assertEquals("Task[audit]", threads.get(0).get("waitsFor"));
        assertTrue(threads.get(0).containsKey("lock"));
        assertNull(threads.get(0).get("lock"));
        assertNull(threads.get(1).get("waitsFor"));
        assertEquals(LOCK + " owned by 'p1-1'", threads.get(1).get("lock"));
        assertEquals(List.of("thread", "pool", "task", "waitsFor", "lock", "stack"), List.copyOf(threads.get(1).keySet()));
    }

    @Test
    void theLogSaysWhichLockAndWhoHoldsIt() {
        List<String> lines = LogText.deadlock(shape7(), 8).lines().toList();
        assertTrue(lines.get(0).startsWith("DEADLOCK CYCLE: each thread waits for a task that the next one is running,"
                + " or for a lock that the next one holds"), lines.get(0));
        assertTrue(lines.contains("    waits for Task[audit]"), lines::toString);
        assertTrue(lines.contains("    waits to acquire " + LOCK + " held by 'p1-1'"), lines::toString);
        assertTrue(lines.contains("      at com.example.Ledger.audit(Ledger.java:31)"), lines::toString);
    }

    @Test
    void theExceptionMessageNamesTheLockWait() {
        assertEquals("deadlock: CYCLE: thread 'p1-1' of ThreadPoolExecutor#1(p1-) running Task[post] waits for"
                + " Task[audit]; thread 'p2-1' of ThreadPoolExecutor#2(p2-) running Task[audit] waits to acquire "
                + LOCK + " held by 'p1-1'", shape7().summary());
    }
}
