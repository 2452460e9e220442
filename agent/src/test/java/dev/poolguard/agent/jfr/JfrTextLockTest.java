package dev.poolguard.agent.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.poolguard.agent.events.WaitEvents;
import dev.poolguard.agent.events.Words;
import dev.poolguard.agent.report.LockWaitReportTestAccess;

/** The JFR event's threads field for a deadlock through a lock. */
class JfrTextLockTest {
    @Test
    void aLockWaiterReadsWaitsToAcquire() {
        assertEquals("thread 'p1-1' of pool ThreadPoolExecutor#1(p1-) runs Task[post] waits for Task[audit]\n"
                + "  at java.util.concurrent.FutureTask.awaitDone(FutureTask.java:444)\n"
                + "  at com.example.Ledger.post(Ledger.java:20)\n"
                + "thread 'p2-1' of pool ThreadPoolExecutor#2(p2-) runs Task[audit] waits to acquire "
                + LockWaitReportTestAccess.LOCK + " held by 'p1-1'\n"
                + "  at java.util.concurrent.locks.ReentrantLock.lock(ReentrantLock.java:322)\n"
                + "  at com.example.Ledger.audit(Ledger.java:31)",
                Words.flat(LockWaitReportTestAccess.shape7().threads(), WaitEvents.THREAD));
    }
}
