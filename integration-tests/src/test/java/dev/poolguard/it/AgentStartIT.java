package dev.poolguard.it;

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

import dev.poolguard.it.programs.Hello;

/** The agent-start event, the report file's name, and the agent's transparency (stdout, exit status). */
class AgentStartIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void agentStartCarriesVersionJdkAndGivenOptions(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("agent-start-options").withReport()
                .agent("shutdown=report,grace=250ms,hookSpawns=block,deadlock=fail,risk=off")
                .main(Hello.class).run();
        Checks.exitStatus(r, 0);
        Report report = r.report();
        assertEquals("agent-start", report.kinds().get(0), report::context);
        Map<String, Object> start = report.single("agent-start");
        assertFalse(report.string(start, "version").isBlank(), report::context);
        String jdkText = report.string(start, "jdk");
        assertTrue(jdkText.contains(jdk.version()), () -> "agent-start.jdk should name " + jdk.version() + "\n"
                + report.context());
        Map<String, Object> options = report.object(start, "options");
        assertEquals("report", report.string(options, "shutdown"), report::context);
        assertDuration(report, options, "250ms", 250);
        assertEquals("block", report.string(options, "hookSpawns"), report::context);
        assertEquals("fail", report.string(options, "deadlock"), report::context);
        assertEquals("off", report.string(options, "risk"), report::context);
        String reportOption = report.string(options, "report");
        assertTrue(reportOption.endsWith(".jsonl"), report::context);
        report.field(options, "logConfig"); // not given: built in
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void agentStartShowsDefaults(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("agent-start-defaults").withReport().main(Hello.class).run();
        Checks.exitStatus(r, 0);
        Report report = r.report();
        Map<String, Object> options = report.object(report.single("agent-start"), "options");
        assertEquals("drain", report.string(options, "shutdown"), report::context);
        assertDuration(report, options, "5s", 5000);
        assertEquals("allow", report.string(options, "hookSpawns"), report::context);
        assertEquals("log", report.string(options, "deadlock"), report::context);
        assertEquals("log", report.string(options, "risk"), report::context);
        // the built-in logging configuration: present as an option, with no file
        report.field(options, "logConfig");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void percentPInReportPathBecomesThePid(Jdk jdk) throws IOException {
        // withReport() names the file report-%p.jsonl; the harness reads report-<pid>.jsonl
        ChildJvm.Result r = ChildJvm.on(jdk).label("report-pid").withReport().main(Hello.class).run();
        Checks.exitStatus(r, 0);
        assertTrue(Files.isRegularFile(r.workDir().resolve("report-" + r.pid() + ".jsonl")), r::describe);
        assertFalse(Files.exists(r.workDir().resolve("report-%p.jsonl")), r::describe);
        r.report().single("agent-start"); // and every event carries that pid (checked by Report.read)
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void existingReportIsTruncatedAtStart(Jdk jdk) throws IOException {
        Path dir = Files.createTempDirectory("poolguard-it-truncate");
        Path file = dir.resolve("report.jsonl");
        try {
            Files.writeString(file, "left over from an earlier run, not JSON\n".repeat(50));
            ChildJvm.Result r = ChildJvm.on(jdk).label("report-truncate").agent("report=" + file)
                    .main(Hello.class).run();
            Checks.exitStatus(r, 0);
            Report report = Report.read(file, r.pid(), r::describe); // fails on any left-over line
            assertEquals("agent-start", report.kinds().get(0), report::context);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void agentWritesNothingToStdout(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("stdout-clean").withReport().main(Hello.class).run();
        Checks.exitStatus(r, 0);
        assertEquals(List.of("MAIN RAN", "hello from main"), r.stdoutLines(), r::describe);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> endings() {
        return Jdks.crossedWith(List.of(List.of("return"), List.of("exit", "0"), List.of("exit", "3"),
                List.of("exit", "42"), List.of("throw")));
    }

    @ParameterizedTest(name = "{0} main {1}")
    @MethodSource("endings")
    void exitStatusIsTheProgramsOwn(Jdk jdk, List<String> ending) {
        String[] args = ending.toArray(String[]::new);
        ChildJvm.Result without = ChildJvm.on(jdk).label("status-baseline").noAgent().main(Hello.class, args).run();
        assertFalse(without.timedOut(), without::describe);
        ChildJvm.Result with = ChildJvm.on(jdk).label("status-agent").withReport().main(Hello.class, args).run();
        Checks.exitStatus(with, without.exitCode());
        assertEquals(without.stdoutLines(), with.stdoutLines(), with::describe);
        Report report = with.report();
        Checks.shutdownShape(report);
        if (ending.get(0).equals("exit")) {
            Checks.shutdownStart(report, "EXIT", Integer.parseInt(ending.get(1)));
        } else {
            Checks.shutdownStart(report, "LAST_THREAD", null); // main ended (returned or threw)
        }
    }

    /** A duration option is shown as given ("250ms") or as a number of milliseconds. */
    static void assertDuration(Report report, Map<String, Object> options, String given, long millis) {
        Object grace = report.field(options, "grace");
        boolean ok = given.equals(grace) || Long.valueOf(millis).equals(grace);
        assertTrue(ok, () -> "options.grace should be \"" + given + "\" or " + millis + ", is " + grace + "\n"
                + report.context());
    }
}
