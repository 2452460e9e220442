package dev.poolguard.agent.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.poolguard.agent.PoolguardMain;
import dev.poolguard.agent.report.LockWaitReportTestAccess;
import dev.poolguard.agent.report.ReportFile;
import dev.poolguard.agent.report.ReportingSink;

/** {@code check} on a report of a deadlock through a lock: the lock waiter's line names the lock and owner. */
class CheckLockWaitTest {
    @TempDir
    Path dir;

    @Test
    void theLockWaitersLineSaysWhatItWaitsToAcquire() throws IOException {
        Path path = dir.resolve("poolguard-7.jsonl");
        ReportingSink sink = new ReportingSink(ReportFile.open(path));
        sink.agentStarted("test", new LinkedHashMap<>(), List.of(), List.of());
        sink.deadlock(LockWaitReportTestAccess.shape7());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PoolguardMain.run(List.of("check", path.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, stdout);
        List<String> lines = stdout.lines().toList();
        assertEquals(path + ":2: deadlock CYCLE: thread 'p1-1' of pool ThreadPoolExecutor#1(p1-) waits at"
                + " com.example.Ledger.post(Ledger.java:20); thread 'p2-1' of pool ThreadPoolExecutor#2(p2-)"
                + " waits at com.example.Ledger.audit(Ledger.java:31) to acquire "
                + LockWaitReportTestAccess.LOCK + " owned by 'p1-1'", lines.get(0), stdout);
        assertTrue(lines.get(lines.size() - 1).startsWith("1 deadlocks, 0 risks, "), stdout);
    }
}
