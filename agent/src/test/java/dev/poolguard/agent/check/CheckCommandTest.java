package dev.poolguard.agent.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check command on hand-written reports: every exit status, every kind of finding, every kind of bad input. */
class CheckCommandTest {
    static final String START = "{\"event\":\"agent-start\",\"time\":\"2026-01-01T00:00:00Z\",\"pid\":7,\"version\":\"t\","
            + "\"jdk\":\"17\",\"options\":{\"report\":\"r\",\"deadlock\":\"fail\",\"risk\":\"log\",\"shutdown\":\"drain\","
            + "\"grace\":\"5s\",\"hookSpawns\":\"allow\",\"logConfig\":null},\"instrumented\":[],\"problems\":[]}";
    static final String SHUTDOWN_START = "{\"event\":\"shutdown-start\",\"time\":\"2026-01-01T00:00:01Z\",\"pid\":7,"
            + "\"trigger\":\"EXIT\",\"status\":0}";
    static final String CLEAN_END = "{\"event\":\"shutdown-end\",\"time\":\"2026-01-01T00:00:02Z\",\"pid\":7,"
            + "\"drainMillis\":0,\"graceExpired\":false,\"spawnsBlocked\":0,\"rejected\":0,\"undone\":0,\"inFlight\":[],\"queuedNeverRun\":[],"
            + "\"scheduledNotDue\":[]}";
    static final String DEADLOCK = "{\"event\":\"deadlock\",\"time\":\"2026-01-01T00:00:01Z\",\"pid\":7,\"kind\":\"STARVATION\","
            + "\"timed\":false,\"threads\":[{\"thread\":\"w-1\",\"pool\":\"ThreadPoolExecutor#1(w-)\",\"task\":\"FutureTask@1\","
            + "\"waitsFor\":\"FutureTask@2\",\"lock\":null,\"stack\":[\"java.util.concurrent.FutureTask.awaitDone(FutureTask.java:444)\","
            + "\"java.util.concurrent.FutureTask.get(FutureTask.java:190)\",\"com.example.Orders.lambda$load$1(Orders.java:35)\","
            + "\"java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)\"]}],"
            + "\"pools\":[{\"id\":\"ThreadPoolExecutor#1(w-)\",\"type\":\"java.util.concurrent.ThreadPoolExecutor\","
            + "\"workers\":1,\"maxWorkers\":1,\"queued\":1}]}";
    static final String CYCLE_TIMED = "{\"event\":\"deadlock\",\"time\":\"t\",\"pid\":7,\"kind\":\"CYCLE\",\"timed\":true,"
            + "\"threads\":[{\"thread\":\"a\",\"pool\":\"P#1\",\"task\":null,\"waitsFor\":\"F2\",\"lock\":null,\"stack\":["
            + "\"jdk.internal.misc.Unsafe.park(Native Method)\",\"com.example.A.run(A.java:10)\"]},"
            + "{\"thread\":\"main\",\"pool\":null,\"task\":null,\"waitsFor\":\"F1\",\"lock\":null,\"stack\":["
            + "\"java.util.concurrent.FutureTask.get(FutureTask.java:204)\",\"com.example.Main.main(Main.java:20)\"]}],\"pools\":[]}";
    static final String RISK = "{\"event\":\"risk\",\"time\":\"t\",\"pid\":7,\"kind\":\"SAME_POOL_WAIT\",\"pool\":\"P#2(io-)\","
            + "\"thread\":\"io-1\",\"site\":\"com.example.Io.fetch(Io.java:12)\",\"waitsFor\":\"F\",\"stack\":[]}";
    static final String STALL = "{\"event\":\"stall\",\"time\":\"t\",\"pid\":7,\"pool\":\"ThreadPoolExecutor#4(gate-)\","
            + "\"queued\":1,\"oldestQueuedMillis\":640,\"threads\":[{\"thread\":\"gate-1\",\"task\":\"FutureTask@3\","
            + "\"blockedOn\":\"a CountDownLatch (count 1), at com.example.Gate.pass(Gate.java:9)\",\"stack\":[]},"
            + "{\"thread\":\"gate-2\",\"task\":null,\"blockedOn\":\"a CountDownLatch (count 1), at"
            + " com.example.Gate.pass(Gate.java:9)\",\"stack\":[]}]}";
    static final String UNDONE_END = "{\"event\":\"shutdown-end\",\"time\":\"t\",\"pid\":7,\"drainMillis\":5000,"
            + "\"graceExpired\":true,\"spawnsBlocked\":0,\"rejected\":0,\"undone\":2,"
            + "\"inFlight\":[{\"pool\":\"P#3(flush-)\",\"thread\":\"flush-1\",\"task\":\"Flush@1\",\"stack\":["
            + "\"java.lang.Thread.sleep(Native Method)\",\"com.example.Flush.run(Flush.java:7)\"]}],"
            + "\"queuedNeverRun\":[{\"pool\":\"P#3(flush-)\",\"task\":\"Flush@2\"}],\"scheduledNotDue\":[]}";

    @TempDir
    Path dir;

    @Test
    void cleanReportPassesWithTheSummaryLast() throws IOException {
        Run run = check(report("clean.jsonl", START, SHUTDOWN_START, CLEAN_END).toString());
        assertEquals(0, run.status, run::describe);
        assertEquals(List.of("read 1 report", "0 deadlocks, 0 risks, 0 stalls, 0 tasks left undone"), run.out(), run::describe);
        assertEquals("", run.errText, run::describe);
    }

    @Test
    void deadlockFailsWithOneLineNamingKindThreadPoolAndCallSite() throws IOException {
        Path report = report("r.jsonl", START, DEADLOCK, SHUTDOWN_START, CLEAN_END);
        Run run = check(report.toString());
        assertEquals(1, run.status, run::describe);
        assertEquals(List.of(report + ":2: deadlock STARVATION: thread 'w-1' of pool ThreadPoolExecutor#1(w-) waits at"
                        + " com.example.Orders.lambda$load$1(Orders.java:35)",
                "read 1 report", "1 deadlocks, 0 risks, 0 stalls, 0 tasks left undone"), run.out(), run::describe);
    }

    @Test
    void timedCycleNamesEveryThreadAndThatItEndsByItself() throws IOException {
        Path report = report("r.jsonl", START, CYCLE_TIMED);
        Run run = check(report.toString());
        assertEquals(1, run.status, "a timed deadlock is still a deadlock: it stalls until the timeout\n" + run.describe());
        assertEquals(report + ":2: deadlock CYCLE (timed: it ends when a wait times out): thread 'a' of pool P#1 waits at"
                + " com.example.A.run(A.java:10); thread 'main' (not a pool thread) waits at"
                + " com.example.Main.main(Main.java:20)", run.out().get(0), run::describe);
    }

    @Test
    void riskAlonePassesAndFailsWithTheRisksOption() throws IOException {
        Path report = report("r.jsonl", START, RISK, SHUTDOWN_START, CLEAN_END);
        Run plain = check(report.toString());
        assertEquals(0, plain.status, plain::describe);
        assertEquals(List.of(report + ":2: risk SAME_POOL_WAIT: thread 'io-1' of pool P#2(io-) waits at"
                        + " com.example.Io.fetch(Io.java:12) for an unfinished task of its own pool",
                "read 1 report", "0 deadlocks, 1 risks, 0 stalls, 0 tasks left undone"), plain.out(), plain::describe);
        Run strict = check("--risks", report.toString());
        assertEquals(1, strict.status, strict::describe);
        Run optionLast = check(report.toString(), "--risks");
        assertEquals(1, optionLast.status, "options may follow the reports\n" + optionLast.describe());
    }

    @Test
    void stallAlonePassesAndFailsWithTheStallsOption() throws IOException {
        Path report = report("r.jsonl", START, STALL, SHUTDOWN_START, CLEAN_END);
        Run plain = check(report.toString());
        assertEquals(0, plain.status, plain::describe);
        assertEquals(List.of(report + ":2: stall: pool ThreadPoolExecutor#4(gate-): 1 queued, the oldest for 640 ms,"
                        + " while every worker was blocked: thread 'gate-1' on a CountDownLatch (count 1), at"
                        + " com.example.Gate.pass(Gate.java:9); thread 'gate-2' on a CountDownLatch (count 1), at"
                        + " com.example.Gate.pass(Gate.java:9)",
                "read 1 report", "0 deadlocks, 0 risks, 1 stalls, 0 tasks left undone"), plain.out(), plain::describe);
        Run strict = check("--stalls", report.toString());
        assertEquals(1, strict.status, strict::describe);
        assertEquals(plain.out(), strict.out(), "the same lines either way");
        Run others = check("--risks", "--undone", report.toString());
        assertEquals(0, others.status, "only --stalls fails on a stall\n" + others.describe());
    }

    @Test
    void tasksLeftUndoneAreListedAndFailOnlyWithUndone() throws IOException {
        Path report = report("r.jsonl", START, SHUTDOWN_START, UNDONE_END);
        Run plain = check(report.toString());
        assertEquals(0, plain.status, "test suites leave background work behind: listed, not failed\n" + plain.describe());
        Run run = check("--undone", report.toString());
        assertEquals(1, run.status, run::describe);
        assertEquals(plain.out(), run.out(), "the same lines either way");
        assertEquals(List.of(
                report + ":3: undone: still running at exit on thread 'flush-1' of pool P#3(flush-), at"
                        + " com.example.Flush.run(Flush.java:7): Flush@1",
                report + ":3: undone: queued in pool P#3(flush-) and never started: Flush@2",
                "read 1 report", "0 deadlocks, 0 risks, 0 stalls, 2 tasks left undone"), run.out(), run::describe);
    }

    @Test
    void manyReportsAndADirectoryAreReadTogether() throws IOException {
        Path a = report("poolguard-101.jsonl", START, DEADLOCK, SHUTDOWN_START, CLEAN_END);
        Path b = report("poolguard-102.jsonl", START, RISK, SHUTDOWN_START, UNDONE_END);
        Path forks = Files.createDirectory(dir.resolve("forks"));
        Files.writeString(forks.resolve("poolguard-201.jsonl"), START + "\n" + DEADLOCK + "\n");
        Files.writeString(forks.resolve("poolguard-202.jsonl"), START + "\n" + SHUTDOWN_START + "\n" + CLEAN_END + "\n");
        Files.writeString(forks.resolve("notes.txt"), "not a report, not read");
        Run run = check(a.toString(), b.toString(), forks.toString(), a.toString());
        assertEquals(1, run.status, run::describe);
        List<String> out = run.out();
        assertEquals("2 deadlocks, 1 risks, 0 stalls, 2 tasks left undone", out.get(out.size() - 1), run::describe);
        assertEquals("read 4 reports", out.get(out.size() - 2), "a report named twice is read once\n" + run.describe());
        assertTrue(out.contains(forks.resolve("poolguard-201.jsonl") + ":2: deadlock STARVATION: thread 'w-1' of pool"
                + " ThreadPoolExecutor#1(w-) waits at com.example.Orders.lambda$load$1(Orders.java:35)"), run::describe);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("note: " + forks.resolve("poolguard-201.jsonl") + ": no shutdown-end")),
                "a JVM that never finished its shutdown is said\n" + run.describe());
    }

    @Test
    void cleanDirectoryPasses() throws IOException {
        Path forks = Files.createDirectory(dir.resolve("forks"));
        Files.writeString(forks.resolve("poolguard-1.jsonl"), START + "\n" + SHUTDOWN_START + "\n" + CLEAN_END + "\n");
        Files.writeString(forks.resolve("poolguard-2.jsonl"), START + "\n" + RISK + "\n" + SHUTDOWN_START + "\n" + CLEAN_END + "\n");
        Run run = check(forks.toString());
        assertEquals(0, run.status, run::describe);
        assertEquals("0 deadlocks, 1 risks, 0 stalls, 0 tasks left undone", run.out().get(run.out().size() - 1), run::describe);
    }

    @Test
    void missingFileIsBadInputNamedOnStderr() throws IOException {
        Path clean = report("clean.jsonl", START, CLEAN_END);
        Path missing = dir.resolve("poolguard-404.jsonl");
        Run run = check(clean.toString(), missing.toString());
        assertEquals(2, run.status, run::describe);
        assertEquals(List.of("poolguard check: " + missing + ": cannot read: no such file"), run.err(), run::describe);
    }

    @Test
    void unreadableFileIsBadInput() throws IOException {
        Path locked = report("locked.jsonl", START);
        assertTrue(locked.toFile().setReadable(false));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(locked), "running as a user who reads anything");
            Run run = check(locked.toString());
            assertEquals(2, run.status, run::describe);
            assertTrue(run.errText.contains(locked + ": cannot read"), run::describe);
        } finally {
            locked.toFile().setReadable(true);
        }
    }

    @Test
    void lineThatIsNotJsonIsBadInputNamedWithFileAndLine() throws IOException {
        Path report = report("poolguard-9.jsonl", START, SHUTDOWN_START, "{\"event\":\"shutdown-end\",\"drainMillis\":", CLEAN_END);
        Run run = check(report.toString());
        assertEquals(2, run.status, run::describe);
        assertEquals(1, run.err().size(), run::describe);
        String error = run.err().get(0);
        assertTrue(error.startsWith("poolguard check: " + report + ":3: not JSON: "), run::describe);
        assertTrue(error.contains("column"), "the column is named too\n" + run.describe());
    }

    @Test
    void badInputWinsOverFindingsButFindingsAreStillShown() throws IOException {
        Path deadlock = report("a.jsonl", START, DEADLOCK);
        Path broken = report("b.jsonl", START, "this is not json");
        Run run = check(deadlock.toString(), broken.toString());
        assertEquals(2, run.status, run::describe);
        assertTrue(run.out().get(0).startsWith(deadlock + ":2: deadlock STARVATION"), run::describe);
        assertEquals(List.of("poolguard check: " + broken + ":2: not JSON: unexpected character 't' at column 1"),
                run.err(), run::describe);
        assertEquals("1 deadlocks, 0 risks, 0 stalls, 0 tasks left undone", run.out().get(run.out().size() - 1), run::describe);
    }

    @Test
    void jsonThatIsNoEventIsBadInput() throws IOException {
        Path report = report("r.jsonl", START, "[1,2]", "{\"time\":\"t\"}", "\"text\"");
        Run run = check(report.toString());
        assertEquals(2, run.status, run::describe);
        assertEquals(3, run.err().size(), run::describe);
        assertTrue(run.err().get(0).startsWith("poolguard check: " + report + ":2: not a report event"), run::describe);
        assertTrue(run.err().get(1).startsWith("poolguard check: " + report + ":3: not a report event"), run::describe);
        assertTrue(run.err().get(2).startsWith("poolguard check: " + report + ":4: not a report event"), run::describe);
    }

    @Test
    void bytesThatAreNotUtf8AreBadInput() throws IOException {
        Path report = dir.resolve("r.jsonl");
        byte[] bad = "{\"event\":\"x\",\"v\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(report, concat((START + "\n").getBytes(StandardCharsets.UTF_8), bad));
        Run run = check(report.toString());
        assertEquals(2, run.status, run::describe);
        assertEquals(List.of("poolguard check: " + report + ":2: not UTF-8 text"), run.err(), run::describe);
    }

    @Test
    void blankLinesCrlfAndUnknownEventsOrFieldsAreAccepted() throws IOException {
        Path report = dir.resolve("r.jsonl");
        String future = "{\"event\":\"something-new\",\"time\":\"t\",\"pid\":7,\"extra\":[1,{\"a\":null}]}";
        String riskWithMore = RISK.replace("\"stack\":[]", "\"stack\":[],\"newField\":true");
        Files.writeString(report, START + "\r\n\r\n" + future + "\r\n" + riskWithMore + "\r\n" + CLEAN_END + "\r\n\n");
        Run run = check(report.toString());
        assertEquals(0, run.status, run::describe);
        assertEquals("", run.errText, run::describe);
        assertTrue(run.out().get(0).startsWith(report + ":4: risk SAME_POOL_WAIT"), "line numbers count blank lines\n" + run.describe());
    }

    @Test
    void emptyReportIsANoteNotAFailure() throws IOException {
        Path report = report("empty.jsonl");
        Run run = check(report.toString());
        assertEquals(0, run.status, run::describe);
        assertTrue(run.out().get(0).startsWith("note: " + report + ": holds no event"), run::describe);
    }

    @Test
    void problemsAndDisabledFeaturesAreNotes() throws IOException {
        String start = START.replace("\"problems\":[]", "\"problems\":[\"java.lang.Shutdown: not found\"]");
        String disabled = "{\"event\":\"feature-disabled\",\"time\":\"t\",\"pid\":7,\"feature\":\"deadlock detection\","
                + "\"error\":\"java.lang.IllegalStateException: x\"}";
        Path report = report("r.jsonl", start, disabled, SHUTDOWN_START, CLEAN_END);
        Run run = check(report.toString());
        assertEquals(0, run.status, run::describe);
        assertEquals(List.of(
                "note: " + report + ":1: poolguard could not instrument everything, so part of it was off: java.lang.Shutdown: not found",
                "note: " + report + ":2: poolguard's deadlock detection failed and was switched off: java.lang.IllegalStateException: x",
                "read 1 report", "0 deadlocks, 0 risks, 0 stalls, 0 tasks left undone"), run.out(), run::describe);
    }

    @Test
    void noShutdownEndIsNotedOnlyWhenTheShutdownGuardWasOn() throws IOException {
        Path guarded = report("a.jsonl", START);
        Path unguarded = report("b.jsonl", START.replace("\"shutdown\":\"drain\"", "\"shutdown\":\"off\""));
        Run run = check(guarded.toString(), unguarded.toString());
        assertEquals(0, run.status, run::describe);
        assertEquals(List.of("note: " + guarded + ": no shutdown-end: this JVM did not finish shutting down (killed,"
                        + " crashed, or still running), so what it left undone is not known",
                "read 2 reports", "0 deadlocks, 0 risks, 0 stalls, 0 tasks left undone"), run.out(), run::describe);
    }

    @Test
    void directoryWithoutReportsIsBadInput() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("nothing"));
        Run run = check(empty.toString());
        assertEquals(2, run.status, run::describe);
        assertTrue(run.errText.contains(empty + ": a directory with no *.jsonl report in it"), run::describe);
    }

    @Test
    void commandLineMistakesAreBadInput() throws IOException {
        Run none = check();
        assertEquals(2, none.status, none::describe);
        assertTrue(none.errText.contains("no report given") && none.errText.contains("usage:"), none::describe);
        Run unknown = check("--fail-on-everything", report("r.jsonl", START).toString());
        assertEquals(2, unknown.status, unknown::describe);
        assertTrue(unknown.errText.contains("unknown option '--fail-on-everything'"), unknown::describe);
        Run help = check("--help");
        assertEquals(0, help.status, help::describe);
        assertTrue(help.outText.startsWith("usage:"), help::describe);
    }

    @Test
    void aReportNamedLikeAnOptionIsReadAfterTheDoubleDash() throws IOException {
        Path odd = report("-odd.jsonl", START, DEADLOCK);
        Run run = check("--", odd.getFileName().toString());
        // relative to the working directory, which is not dir: the point is that it is taken as a file
        assertEquals(2, run.status, run::describe);
        assertTrue(run.errText.contains("-odd.jsonl: cannot read: no such file"), run::describe);
    }

    // ---- helpers

    private Path report(String name, String... lines) throws IOException {
        Path path = dir.resolve(name);
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        Files.writeString(path, text);
        return path;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static Run check(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CheckCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Run(int status, String outText, String errText) {
        List<String> out() {
            return lines(outText);
        }

        List<String> err() {
            return lines(errText);
        }

        private static List<String> lines(String text) {
            return new ArrayList<>(text.lines().toList());
        }

        String describe() {
            return "status " + status + "\n--- stdout\n" + outText + "--- stderr\n" + errText;
        }
    }
}
