package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The demo programs of poolguard-demos.jar, with the agent (shutdown-guard part). */
class DemosIT {
    private static final Pattern CHAINS_ENDED = Pattern.compile(
            "shutdown-race: all (\\d+) chains have ended: started=(\\d+) completed=(\\d+) cut-off=(\\d+) refused=(\\d+)");

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void scenarioListNamesTheRequiredScenarios(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("demos-list").noAgent().demo().run();
        Checks.exitStatus(r, 0);
        for (String scenario : List.of("self-wait", "submit-and-wait", "mutual-wait", "shutdown-race", "healthy")) {
            assertTrue(r.stdoutLines().stream().anyMatch(l -> l.trim().startsWith(scenario + " ")),
                    () -> "scenario list lacks " + scenario + "\n" + r.describe());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void healthyHasNoFindingAndNothingLeft(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("demo-healthy").withReport().demo("healthy").run();
        Checks.exitStatus(r, 0);
        assertTrue(r.stdoutLines().stream().anyMatch(l -> l.startsWith("healthy: ") && l.contains("tasks done")),
                r::describe);
        Report report = r.report();
        Map<String, Object> end = Checks.shutdownShape(report);
        Checks.shutdownStart(report, "LAST_THREAD", null);
        assertFalse(report.has("deadlock") || report.has("risk"), () -> "healthy must have no finding\n" + report.context());
        assertFalse(report.has("spawn-blocked"), report::context);
        Checks.nothingLeft(report);
        assertEquals(0L, report.number(end, "rejected"), report::context);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void shutdownRaceIsDrainedWithNothingCutOff(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("demo-shutdown-race").withReport().demo("shutdown-race").run();
        Checks.exitStatus(r, 0);
        Report report = r.report();
        Map<String, Object> end = Checks.shutdownShape(report);
        Checks.shutdownStart(report, "EXIT", 0);
        Checks.nothingLeft(report);
        // the callback that ends the last chain speaks after the hooks, during the drain
        List<String> ended = r.stdoutStartingWith("shutdown-race: all ");
        assertEquals(1, ended.size(), () -> "expected the chains-ended line once\n" + r.describe());
        Matcher m = CHAINS_ENDED.matcher(ended.get(0));
        assertTrue(m.find(), () -> "unexpected chains-ended line\n" + r.describe());
        assertEquals(m.group(2), m.group(3), () -> "every started task completed\n" + r.describe());
        assertEquals("0", m.group(4), r::describe);
        assertEquals(m.group(1), m.group(5), () -> "each chain ends with one refusal\n" + r.describe());
        assertEquals(Long.parseLong(m.group(5)), report.number(end, "rejected"),
                () -> "shutdown-end.rejected should count the refusals the demo saw\n" + report.context());
        // hookSpawns=allow (default): the flush hook may start a worker, and its task runs
        Checks.printed(r, "shutdown-race: flush hook: the flush task is done");
    }
}
