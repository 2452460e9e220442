package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.jfr.JfrScenario;

/**
 * {@code java -jar poolguard-agent.jar check REPORT...} (docs/contract.md, "check command") as CI runs it: a
 * real process, on each JDK, over reports that child JVMs wrote, several at once.
 */
class CheckCommandIT {
    private static final String SUMMARY = "\\d+ deadlocks, \\d+ risks, \\d+ stalls, \\d+ tasks left undone";

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void reportsOfManyJvmsAreCheckedTogether(Jdk jdk) throws Exception {
        ChildJvm.Result deadlock = ChildJvm.on(jdk).label("check-deadlock").withReport().agent("deadlock=fail")
                .demo("submit-and-wait").run();
        Checks.exitStatus(deadlock, 1);
        ChildJvm.Result healthy = ChildJvm.on(jdk).label("check-healthy").withReport().demo("healthy").run();
        Checks.exitStatus(healthy, 0);
        ChildJvm.Result risk = ChildJvm.on(jdk).label("check-risk").withReport().main(JfrScenario.class, "risk-only").run();
        Checks.exitStatus(risk, 0);
        Checks.printed(risk, "RISK DONE");

        Path deadlockReport = deadlock.reportFile();
        Path healthyReport = healthy.reportFile();
        Path riskReport = risk.reportFile();

        Check clean = check(jdk, healthyReport.toString());
        clean.status(0);
        assertEquals(List.of("read 1 report", "0 deadlocks, 0 risks, 0 stalls, 0 tasks left undone"), clean.out, clean::describe);
        assertEquals(List.of(), clean.err, clean::describe);

        Check risks = check(jdk, healthyReport.toString(), riskReport.toString());
        risks.status(0);
        risks.lastLine("0 deadlocks, 1 risks, 0 stalls, 0 tasks left undone");
        risks.hasLine(Pattern.quote(riskReport + ":") + "\\d+: risk SAME_POOL_WAIT: thread 'risk-worker-1' of pool"
                + " ThreadPoolExecutor#\\d+\\(risk-worker-\\) waits at"
                + " dev\\.poolguard\\.it\\.programs\\.jfr\\.JfrScenario\\.lambda\\$risk\\$\\d+\\(JfrScenario\\.java:\\d+\\)"
                + " for an unfinished task of its own pool");
        check(jdk, "--risks", healthyReport.toString(), riskReport.toString()).status(1);

        Check all = check(jdk, deadlockReport.toString(), healthyReport.toString(), riskReport.toString());
        all.status(1);
        all.hasLine(Pattern.quote(deadlockReport + ":") + "\\d+: deadlock STARVATION: thread 'submit-and-wait-worker-1' of pool"
                + " ThreadPoolExecutor#\\d+\\(submit-and-wait-worker-\\) waits at"
                + " dev\\.poolguard\\.demo\\.SubmitAndWait\\.lambda\\$run\\$\\d+\\(SubmitAndWait\\.java:\\d+\\)");
        assertEquals("read 3 reports", all.out.get(all.out.size() - 2), all::describe);
        all.lastLine("1 deadlocks, 1 risks, 0 stalls, 0 tasks left undone");

        // a folder of fork reports (the %p in report=), read as one
        Path forks = Files.createDirectories(deadlock.workDir().resolve("forks"));
        for (Path report : List.of(deadlockReport, healthyReport, riskReport)) {
            Files.copy(report, forks.resolve(report.getFileName()));
        }
        Check folder = check(jdk, forks.toString());
        folder.status(1);
        folder.lastLine("1 deadlocks, 1 risks, 0 stalls, 0 tasks left undone");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void tasksLeftUndoneFailTheCheck(Jdk jdk) throws Exception {
        // JfrScenario's shutdown hook leaves a task queued in a pool that was refused its worker
        ChildJvm.Result undone = ChildJvm.on(jdk).label("check-undone").withReport().agent("deadlock=log,hookSpawns=block")
                .main(JfrScenario.class).run();
        Checks.exitStatus(undone, 3);
        Check check = check(jdk, undone.reportFile().toString());
        check.status(1);
        check.hasLine(Pattern.quote(undone.reportFile() + ":") + "\\d+: undone: queued in pool ThreadPoolExecutor#\\d+"
                + " and never started: .*");
        check.hasLine(Pattern.quote(undone.reportFile() + ":") + "\\d+: deadlock STARVATION \\(timed: it ends when a wait"
                + " times out\\): thread 'single-1' .*");
        check.lastLine("1 deadlocks, 1 risks, 0 stalls, 1 tasks left undone");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void badInputIsNamedWithFileAndLine(Jdk jdk) throws Exception {
        ChildJvm.Result healthy = ChildJvm.on(jdk).label("check-bad-input").withReport().demo("healthy").run();
        Checks.exitStatus(healthy, 0);
        Path report = healthy.reportFile();
        int lines = Files.readAllLines(report).size();

        Path missing = report.resolveSibling("poolguard-0.jsonl");
        Check gone = check(jdk, report.toString(), missing.toString());
        gone.status(2);
        assertEquals(List.of("poolguard check: " + missing + ": cannot read: no such file"), gone.err, gone::describe);
        gone.lastLine(SUMMARY);

        Path broken = report.resolveSibling("broken.jsonl");
        Files.copy(report, broken);
        // what a full disk or a second writer leaves behind: half a line
        Files.writeString(broken, "{\"event\":\"deadlock\",\"time\":\"2026-", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Check halfLine = check(jdk, broken.toString());
        halfLine.status(2);
        assertEquals(1, halfLine.err.size(), halfLine::describe);
        assertTrue(halfLine.err.get(0).startsWith("poolguard check: " + broken + ":" + (lines + 1) + ": not JSON: "),
                halfLine::describe);

        Check usage = check(jdk);
        usage.status(2);
        assertTrue(usage.err.stream().anyMatch(l -> l.startsWith("usage: java -jar poolguard-agent.jar check")), usage::describe);
    }

    // ---- running the command

    static Check check(Jdk jdk, String... args) throws Exception {
        Path agent = Path.of(ChildJvm.requiredProperty("poolguard.agentJar"));
        List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "-jar", agent.toString(), "check"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("check-", ".out");
        Path err = Files.createTempFile("check-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().remove("JDK_JAVA_OPTIONS");
            builder.environment().remove("_JAVA_OPTIONS");
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("check did not end within 60 s: " + command);
            }
            return new Check(command, process.exitValue(), Files.readAllLines(out), Files.readAllLines(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    record Check(List<String> command, int exit, List<String> out, List<String> err) {
        void status(int expected) {
            assertEquals(expected, exit, () -> "exit status\n" + describe());
        }

        void lastLine(String regex) {
            assertTrue(!out.isEmpty() && out.get(out.size() - 1).matches(regex),
                    () -> "the last line should match " + regex + "\n" + describe());
        }

        void hasLine(String regex) {
            assertTrue(out.stream().anyMatch(l -> l.matches(regex)), () -> "no line matches " + regex + "\n" + describe());
        }

        String describe() {
            return "---- " + String.join(" ", command) + "\nexit " + exit + "\n---- stdout\n" + String.join("\n", out)
                    + "\n---- stderr\n" + String.join("\n", err) + "\n----";
        }
    }

}
