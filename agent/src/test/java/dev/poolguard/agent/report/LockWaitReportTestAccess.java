package dev.poolguard.agent.report;

import dev.poolguard.bootstrap.waits.DeadlockReport;

/** {@link LockWaitReportTest}'s shape 7 report, for the tests of other packages. */
public final class LockWaitReportTestAccess {
    public static final String LOCK = LockWaitReportTest.LOCK;

    private LockWaitReportTestAccess() {
    }

    public static DeadlockReport shape7() {
        return LockWaitReportTest.shape7();
    }
}
