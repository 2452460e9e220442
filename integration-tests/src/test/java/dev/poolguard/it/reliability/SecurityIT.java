package dev.poolguard.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.Checks;
import dev.poolguard.it.ChildJvm;
import dev.poolguard.it.Jdk;
import dev.poolguard.it.Jdks;
import dev.poolguard.it.Report;

/**
 * Issue #5 part 7, security. The agent opens no port (no socket among the process's descriptors at any
 * stage, checked from outside and from inside, with every feature at work), writes only the report it was
 * asked for (working directory, user.home and java.io.tmpdir are fresh empty directories and stay empty;
 * the report's directory holds the report and nothing else), and works under a SecurityManager on JDK 17:
 * with the policy its README asks for (AllPermission for the agent jar, only what the application needs
 * for the application) every feature works with the application's own permissions on the stack; with no
 * grant for the agent jar it says once that it could not start, and the application runs as without it.
 */
class SecurityIT {

    /** A child of QuietApp with fresh directories; the report in a directory of its own. */
    record Quiet(ChildJvm child, Path cwd, Path home, Path tmp, Path reportDir, Path report) {
        static Quiet on(Jdk jdk, String label) throws IOException {
            ChildJvm child = ChildJvm.on(jdk).noAgent().label(label);
            Path root = child.logDir();
            Path cwd = Files.createDirectories(root.resolve("cwd"));
            Path home = Files.createDirectories(root.resolve("home"));
            Path tmp = Files.createDirectories(root.resolve("tmp"));
            Path reportDir = Files.createDirectories(root.resolve("report-dir"));
            child.workDir(cwd).jvmFlags("-Duser.home=" + home, "-Djava.io.tmpdir=" + tmp);
            return new Quiet(child, cwd, home, tmp, reportDir, reportDir.resolve("report-%p.jsonl"));
        }

        /** Runs QuietApp to READY, checks its sockets from outside, sends SIGTERM, waits for its end. */
        ChildJvm.Result run(List<String> externalSockets) {
            ChildJvm.Running running = child.main(QuietApp.class).start();
            running.awaitLine("READY");
            externalSockets.add(running.pid() + ": " + QuietApp.socketsOf(Long.toString(running.pid())));
            running.sigterm();
            return running.await();
        }

        Path reportOf(ChildJvm.Result r) {
            return reportDir.resolve("report-" + r.pid() + ".jsonl");
        }
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    /**
     * No port at any stage: no TCP, UDP or raw socket and no listening UNIX socket among the child's
     * descriptors, seen from inside at each stage and from outside at READY. (A connected UNIX socket may
     * appear: under a SecurityManager the JVM's policy code looks up names through the C library, which
     * keeps a socket to the name service; it is there without the agent too.)
     */
    private static void noPort(ChildJvm.Result r, List<String> external, boolean drainStage) {
        List<String> lines = r.stdoutStartingWith("SOCKETS ");
        List<String> stages = drainStage ? List.of("start", "after-findings", "hook", "drain")
                : List.of("start", "after-findings", "hook");
        for (String stage : stages) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("SOCKETS " + stage + " inet=0 unix-listening=0 ")),
                    () -> "expected no port at stage " + stage + ": " + lines + "\n" + r.describe());
        }
        String outside = external.get(external.size() - 1);
        assertTrue(outside.contains(": inet=0 unix-listening=0 "),
                () -> "sockets seen from outside at READY: " + outside + "\n" + r.describe());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void opensNoPortAndWritesOnlyItsReport(Jdk jdk) throws IOException {
        // the measurement itself: the same program without the agent has no socket either
        List<String> external = new java.util.ArrayList<>();
        Quiet baseline = Quiet.on(jdk, "quiet-baseline");
        ChildJvm.Result b = baseline.run(external);
        assertEquals(143, b.exitCode(), b.describe());
        Checks.printed(b, "DEADLOCK NOT DETECTED");
        noPort(b, external, false);

        Quiet quiet = Quiet.on(jdk, "quiet");
        quiet.child().agentFlag("report=" + quiet.report() + ",deadlock=fail");
        ChildJvm.Result r = quiet.run(external);
        assertEquals(143, r.exitCode(), r.describe());
        Checks.printed(r, "DEADLOCK CAUGHT dev.poolguard.DeadlockDetectedException");
        Checks.printed(r, "DRAIN TASK DONE");
        noPort(r, external, true);
        Report report = Report.read(quiet.reportOf(r), r.pid(), r::describe);
        assertTrue(report.has("deadlock") && report.has("risk"), report::context);
        Checks.shutdownShape(report);
        Checks.nothingLeft(report);
        // writes: the report, and nothing else
        assertEquals(List.of(), files(quiet.cwd()), () -> "files in the working directory\n" + r.describe());
        assertEquals(List.of(), files(quiet.home()), () -> "files in user.home\n" + r.describe());
        assertEquals(List.of(), files(quiet.tmp()), () -> "files in java.io.tmpdir\n" + r.describe());
        assertEquals(List.of(quiet.reportOf(r).getFileName().toString()), files(quiet.reportDir()), r::describe);
    }

    /**
     * A report path that is rejected at start leaves nothing behind: the agent creates a report's missing
     * directories, but not for a report it then cannot write (here: a file name longer than the file
     * system allows, under directories that do not exist yet).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void rejectedReportLeavesNoDirectoriesBehind(Jdk jdk) throws IOException {
        Quiet quiet = Quiet.on(jdk, "quiet-bad-report");
        Path report = quiet.reportDir().resolve("new-a").resolve("new-b").resolve("r".repeat(300) + ".jsonl");
        ChildJvm.Result r = quiet.child().agentFlag("report=" + report).main(QuietApp.class).run();
        Checks.badInput(r, "r".repeat(300));
        assertEquals(List.of(), files(quiet.reportDir()), () -> "left behind by a rejected report path\n" + r.describe());
        assertEquals(List.of(), files(quiet.cwd()), r::describe);
    }

    static Stream<Jdk> securityManagerJdks() {
        List<Jdk> jdks = Jdks.all().filter(j -> j.feature() < 18).toList();
        if (jdks.isEmpty()) throw new IllegalStateException("no JDK 17 to run the SecurityManager test on");
        return jdks.stream();
    }

    /** The policy: the application's code base gets only what QuietApp needs; the agent jar as given. */
    private static Path policy(Quiet quiet, boolean grantAgent) throws IOException {
        String testClasses = Libs.testClasses().toUri().toString(); // file:/.../test-classes/
        StringBuilder policy = new StringBuilder();
        if (grantAgent) {
            policy.append("grant codeBase \"").append(Libs.agentJar().toUri()).append("\" {\n")
                    .append("  permission java.security.AllPermission;\n};\n");
        }
        policy.append("grant codeBase \"").append(testClasses).append("\" {\n")
                .append("  permission java.lang.RuntimePermission \"modifyThread\";\n")
                .append("  permission java.lang.RuntimePermission \"shutdownHooks\";\n")
                .append("  permission java.io.FilePermission \"/proc/self/fd\", \"read\";\n")
                .append("  permission java.io.FilePermission \"/proc/self/fd/-\", \"read\";\n")
                .append("  permission java.io.FilePermission \"/proc/self/net/-\", \"read\";\n")
                .append("};\n");
        // outside the cwd, home, tmp and report directories that must stay empty
        Path file = quiet.child().logDir().resolve("app.policy");
        Files.writeString(file, policy);
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("securityManagerJdks")
    void worksUnderASecurityManagerWithTheDocumentedPolicy(Jdk jdk) throws IOException {
        Quiet quiet = Quiet.on(jdk, "quiet-sm");
        quiet.child().agentFlag("report=" + quiet.report() + ",deadlock=fail")
                .jvmFlags("-Djava.security.manager", "-Djava.security.policy=" + policy(quiet, true));
        List<String> external = new java.util.ArrayList<>();
        ChildJvm.Result r = quiet.run(external);
        assertEquals(143, r.exitCode(), r.describe());
        Checks.printed(r, "DEADLOCK CAUGHT dev.poolguard.DeadlockDetectedException");
        Checks.printed(r, "SAME POOL WAIT inner");
        Checks.printed(r, "DRAIN TASK DONE");
        noPort(r, external, true);
        for (String line : r.stderrLines()) {
            boolean ok = line.startsWith("[poolguard]") || line.startsWith("WARNING:") || line.contains("VM warning:");
            assertFalse(!ok || line.contains("AccessControlException") || line.contains("denied"),
                    () -> "unexpected stderr line '" + line + "'\n" + r.describe());
        }
        assertTrue(r.stderrStartingWith("[poolguard] ERROR").stream().allMatch(l -> l.contains("DEADLOCK")),
                () -> "only the deadlock may be an ERROR\n" + r.describe());
        Report report = Report.read(quiet.reportOf(r), r.pid(), r::describe);
        assertTrue(report.strings(report.single("agent-start"), "problems").isEmpty(), report::context);
        assertTrue(report.has("deadlock") && report.has("risk"), report::context);
        assertFalse(report.has("feature-disabled"), report::context);
        // stacks and the risk's call site as without a SecurityManager: no privileged frames of poolguard's
        String site = report.string(report.single("risk"), "site");
        assertTrue(site.startsWith(QuietApp.class.getName() + "."), () -> "risk site " + site + "\n" + report.context());
        for (Map<String, Object> thread : report.objects(report.single("deadlock"), "threads")) {
            String top = report.strings(thread, "stack").get(0);
            assertTrue(top.startsWith("java.util.concurrent.FutureTask."), () -> "stack top " + top + "\n" + report.context());
        }
        Checks.shutdownShape(report);
        Checks.shutdownStart(report, "SIGNAL", 143);
        Checks.nothingLeft(report);
        assertEquals(List.of(), files(quiet.cwd()), r::describe);
        assertEquals(List.of(), files(quiet.home()), r::describe);
        assertEquals(List.of(), files(quiet.tmp()), r::describe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("securityManagerJdks")
    void withoutAGrantTheAgentSaysSoOnceAndTheApplicationRuns(Jdk jdk) throws IOException {
        Quiet quiet = Quiet.on(jdk, "quiet-sm-nogrant");
        quiet.child().agentFlag("deadlock=fail")
                .jvmFlags("-Djava.security.manager", "-Djava.security.policy=" + policy(quiet, false));
        List<String> external = new java.util.ArrayList<>();
        ChildJvm.Result r = quiet.run(external);
        assertEquals(143, r.exitCode(), r.describe());
        Checks.printed(r, "DEADLOCK NOT DETECTED"); // the application runs as without the agent
        Checks.printed(r, "SAME POOL WAIT inner");
        noPort(r, external, false);
        List<String> agent = r.stderrLines().stream().filter(l -> l.contains("poolguard")).toList();
        assertEquals(1, agent.size(), () -> "expected one line from the agent\n" + r.describe());
        assertTrue(agent.get(0).startsWith("[poolguard] ERROR could not start") && agent.get(0).contains("Permission"),
                () -> "the line should say poolguard could not start and name the denied permission\n" + r.describe());
        assertTrue(r.stderrLines().stream().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by:")),
                () -> "no stack trace expected\n" + r.describe());
    }
}
