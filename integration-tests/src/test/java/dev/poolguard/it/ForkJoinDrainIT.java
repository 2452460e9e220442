package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.ForkJoinAtExit;

/**
 * ForkJoinPools at System.exit: an in-flight task finishes in the drain, on the common pool (waited for,
 * never shut down) and on the program's own pool; one that never ends is listed when the grace runs out.
 */
class ForkJoinDrainIT {
    static List<Object[]> cases() {
        List<Object[]> cases = new java.util.ArrayList<>();
        for (Jdk jdk : Jdks.all().toList()) {
            cases.add(new Object[] {jdk, "common"});
            cases.add(new Object[] {jdk, "own"});
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}, {1} pool")
    @MethodSource("cases")
    void anInFlightTaskFinishesInTheDrain(Jdk jdk, String pool) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("fj-finishes-" + pool).withReport()
                .main(ForkJoinAtExit.class, pool, "finishes").run();
        Checks.exitStatus(r, 0);
        Checks.printed(r, "fj done");
        Report report = r.report();
        Map<String, Object> end = Checks.shutdownShape(report);
        Checks.nothingLeft(report);
        assertEquals(Boolean.FALSE, report.field(end, "graceExpired"), report::context);
        assertTrue(report.number(end, "drainMillis") > 0, () -> "the drain waited for the task\n" + report.context());
    }

    @ParameterizedTest(name = "{0}, {1} pool")
    @MethodSource("cases")
    void aTaskThatNeverEndsIsListed(Jdk jdk, String pool) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("fj-stuck-" + pool).agent("grace=300ms").withReport()
                .main(ForkJoinAtExit.class, pool, "stuck").run();
        Checks.exitStatus(r, 0);
        Report report = r.report();
        Map<String, Object> end = Checks.shutdownShape(report);
        assertEquals(Boolean.TRUE, report.field(end, "graceExpired"), report::context);
        List<Map<String, Object>> inFlight = report.objects(end, "inFlight");
        assertEquals(1, inFlight.size(), report::context);
        Map<String, Object> task = inFlight.get(0);
        assertTrue(String.valueOf(task.get("pool")).startsWith("ForkJoinPool"), report::context);
        assertTrue(String.valueOf(task.get("task")).contains("ForkJoinAtExit$Slow.compute"), report::context);
        Checks.stackMentions(report, task, "ForkJoinAtExit$Slow.compute");
    }
}
