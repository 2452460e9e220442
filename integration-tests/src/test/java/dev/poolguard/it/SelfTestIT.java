package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.ExitDuringTask;
import dev.poolguard.it.programs.Hello;

/**
 * The install-time self-test (contract: agent-start's problems): silent when every feature works, and
 * when one does not (forced by the test-only -Ddev.poolguard.selftest.break), agent-start names the
 * feature that is off, one WARN line says so, and the program runs as it would without the agent.
 */
class SelfTestIT {
    private static final String BREAK = "-Ddev.poolguard.selftest.break=";

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void aNormalStartFindsNothingAndLeavesNoTrace(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("selftest-ok").withReport().main(Hello.class).run();
        Checks.exitStatus(r, 0);
        assertEquals(List.of("MAIN RAN", "hello from main"), r.stdoutLines(), r::describe);
        Report report = r.report();
        assertEquals(List.of(), report.strings(report.single("agent-start"), "problems"), report::context);
        assertEquals(List.of(), r.stderrStartingWith("[poolguard] WARN"), r::describe);
        // the self-deadlock it finds is its own business: no event, no risk, no fault
        for (String kind : List.of("deadlock", "risk", "feature-disabled")) {
            assertFalse(report.has(kind), () -> "the self-test must not report a " + kind + "\n" + report.context());
        }
        Checks.shutdownShape(report);
        Checks.nothingLeft(report);
    }

    /** The self-test's pool takes no number and is not the application's: its first pool is still #1. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void theApplicationsFirstPoolIsStillNumberOne(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("selftest-numbering").withReport().agent("shutdown=report")
                .main(ExitDuringTask.class, "0", ExitDuringTaskIT.LONG_WORK).run();
        Checks.exitStatus(r, 0);
        Report report = r.report();
        Map<String, Object> end = Checks.shutdownShape(report);
        List<Map<String, Object>> inFlight = report.objects(end, "inFlight");
        assertEquals(1, inFlight.size(), report::context);
        assertEquals("ThreadPoolExecutor#1(exit-pool-)", report.string(inFlight.get(0), "pool"), report::context);
    }

    static Stream<Arguments> broken() {
        return Jdks.crossedWith(List.of(
                List.of("workers", "worker tracking"),
                List.of("detect", "deadlock detection"),
                List.of("shutdown", "shutdown guard")));
    }

    @ParameterizedTest(name = "{0} break {1}")
    @MethodSource("broken")
    void aFeatureThatDoesNotWorkIsOffAndSaidToBe(Jdk jdk, List<String> broken) {
        String feature = broken.get(1);
        ChildJvm.Result r = ChildJvm.on(jdk).label("selftest-break-" + broken.get(0)).withReport()
                .jvmFlags(BREAK + broken.get(0)).main(Hello.class).run();
        Checks.exitStatus(r, 0);
        assertEquals(List.of("MAIN RAN", "hello from main"), r.stdoutLines(), r::describe);
        Report report = r.report();
        assertEquals("agent-start", report.kinds().get(0), report::context);
        List<String> problems = report.strings(report.single("agent-start"), "problems");
        assertEquals(1, problems.size(), report::context);
        assertTrue(problems.get(0).contains(feature) && problems.get(0).contains(" is off"),
                () -> "the problem should name " + feature + " as off: " + problems + "\n" + report.context());
        // heard by the self-test itself: in agent-start, not as a feature-disabled event before it
        assertFalse(report.has("feature-disabled"), report::context);

        List<String> warnings = r.stderrStartingWith("[poolguard] WARN");
        assertEquals(1, warnings.size(), r::describe);
        assertTrue(warnings.get(0).contains(feature) && warnings.get(0).contains("is off"),
                () -> "the WARN line should say " + feature + " is off: " + warnings.get(0) + "\n" + r.describe());
        assertEquals(List.of(), r.stderrStartingWith("[poolguard] ERROR"), r::describe);
        if (!broken.get(0).equals("detect")) {
            // with the guard off (or worker tracking, which it reads) the JVM's exit is not handled
            assertFalse(report.has("shutdown-start"), report::context);
        } else {
            Checks.shutdownShape(report);
        }
    }
}
