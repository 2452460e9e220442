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
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.poolguard.agent.PoolguardMain;
import dev.poolguard.agent.report.ReportFile;
import dev.poolguard.agent.report.ReportingSink;
import dev.poolguard.bootstrap.waits.DeadlockReport;
import dev.poolguard.bootstrap.waits.DeadlockReport.PoolInfo;
import dev.poolguard.bootstrap.waits.DeadlockReport.ThreadInfo;
import dev.poolguard.bootstrap.waits.RiskReport;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary.InFlightTask;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary.QueuedTask;
import dev.poolguard.bootstrap.shutdown.ShutdownTrigger;
import dev.poolguard.bootstrap.stalls.StallReport;

/** The check command on reports written by the agent's own sink, through the jar's command line. */
class CheckAgentReportTest {
    @TempDir
    Path dir;

    static final StackTraceElement[] WAIT_STACK = {
            new StackTraceElement("java.util.concurrent.FutureTask", "awaitDone", "FutureTask.java", 444),
            new StackTraceElement("java.util.concurrent.FutureTask", "get", "FutureTask.java", 190),
            new StackTraceElement("com.example.Orders", "lambda$load$1", "Orders.java", 35),
            new StackTraceElement("java.util.concurrent.FutureTask", "run", "FutureTask.java", 264),
    };

    @Test
    void everyFindingOfARealReportIsOneLine() throws IOException {
        Path path = dir.resolve("poolguard-77.jsonl");
        ReportingSink sink = new ReportingSink(ReportFile.open(path));
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("shutdown", "drain");
        sink.agentStarted("test", options, List.of(), List.of());
        sink.risk(new RiskReport("SAME_POOL_WAIT", "ThreadPoolExecutor#2(io-)", "io-1",
                "com.example.Io.fetch(Io.java:12)", "FutureTask@5", WAIT_STACK));
        sink.deadlock(new DeadlockReport("SELF_WAIT", false,
                List.of(new ThreadInfo("w-1", "ThreadPoolExecutor#1(w-)", "FutureTask@1", "FutureTask@1", WAIT_STACK)),
                List.of(new PoolInfo("ThreadPoolExecutor#1(w-)", "java.util.concurrent.ThreadPoolExecutor", 2, 2, 0))));
        sink.stall(new StallReport("ThreadPoolExecutor#3(latch-)", 1, 512, List.of(
                new StallReport.Worker("latch-1", "FutureTask@7", "a CountDownLatch (count 1), at com.example.Gate.pass(Gate.java:9)",
                        WAIT_STACK),
                new StallReport.Worker("latch-2", null, "a sleep (Thread.sleep), at com.example.Nap.run(Nap.java:4)",
                        new StackTraceElement[0]))));
        sink.shutdownStarted(ShutdownTrigger.EXIT, 0);
        sink.spawnBlocked("ThreadPoolExecutor#1(w-)", "main", WAIT_STACK);
        sink.shutdownEnded(new ShutdownSummary(5000, true, 1, 0,
                List.of(new InFlightTask("ThreadPoolExecutor#1(w-)", "w-2", "Sleeper@9", new StackTraceElement[] {
                        new StackTraceElement("java.lang.Thread", "sleep", null, -2),
                        new StackTraceElement("com.example.Sleeper", "run", "Sleeper.java", 8)})),
                List.of(new QueuedTask("ThreadPoolExecutor#1(w-)", "Queued@3"))));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PoolguardMain.run(List.of("check", path.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String stdout = out.toString(StandardCharsets.UTF_8);
        String context = "stdout:\n" + stdout + "stderr:\n" + err.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, context);
        assertEquals(List.of(
                path + ":2: risk SAME_POOL_WAIT: thread 'io-1' of pool ThreadPoolExecutor#2(io-) waits at"
                        + " com.example.Io.fetch(Io.java:12) for an unfinished task of its own pool",
                path + ":3: deadlock SELF_WAIT: thread 'w-1' of pool ThreadPoolExecutor#1(w-) waits at"
                        + " com.example.Orders.lambda$load$1(Orders.java:35)",
                path + ":4: stall: pool ThreadPoolExecutor#3(latch-): 1 queued, the oldest for 512 ms, while every"
                        + " worker was blocked: thread 'latch-1' on a CountDownLatch (count 1), at"
                        + " com.example.Gate.pass(Gate.java:9); thread 'latch-2' on a sleep (Thread.sleep), at"
                        + " com.example.Nap.run(Nap.java:4)",
                path + ":7: undone: still running at exit on thread 'w-2' of pool ThreadPoolExecutor#1(w-), at"
                        + " com.example.Sleeper.run(Sleeper.java:8): Sleeper@9",
                path + ":7: undone: queued in pool ThreadPoolExecutor#1(w-) and never started: Queued@3",
                "read 1 report",
                "1 deadlocks, 1 risks, 1 stalls, 2 tasks left undone"), stdout.lines().toList(), context);
        assertEquals("", err.toString(StandardCharsets.UTF_8), context);
    }

    @Test
    void theJarsCommandLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, PoolguardMain.run(List.of(), o, e), "no command");
        assertEquals(2, PoolguardMain.run(List.of("chekc", "r.jsonl"), o, e), "unknown command");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'chekc'"));
        assertEquals(0, PoolguardMain.run(List.of("--version"), o, e));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("poolguard "));
    }
}
