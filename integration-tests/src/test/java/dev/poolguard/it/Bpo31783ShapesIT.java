package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.EndlessChains;

/**
 * The bpo-31783 shapes under the pre-shutdown-work rule (contract, shutdown sequence, steps 2 and 4):
 * endless chains on a fixed, a cached and a scheduled pool, started before System.exit or by a shutdown
 * hook. Each chain is refused (a spawn or a submission), the JVM exits within the grace, and every task
 * that was accepted ran or is listed in shutdown-end. (Completion callbacks during System.exit:
 * {@link CallbackChainsIT}.)
 */
class Bpo31783ShapesIT {
    static List<Object[]> cases() {
        List<Object[]> cases = new java.util.ArrayList<>();
        for (Jdk jdk : Jdks.all().toList()) {
            cases.add(new Object[] {jdk, "main"});
            cases.add(new Object[] {jdk, "hook"});
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}, started by {1}")
    @MethodSource("cases")
    void everyChainIsRefusedAndNothingAcceptedIsLost(Jdk jdk, String startedBy) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("endless-" + startedBy).withReport()
                .main(EndlessChains.class, startedBy).run();
        Checks.exitStatus(r, 0);
        Checks.printed(r, "main exits 0");
        Report report = r.report();
        Map<String, Object> end = Checks.shutdownShape(report);
        Checks.shutdownStart(report, "EXIT", 0);
        assertEquals(Boolean.FALSE, report.field(end, "graceExpired"), report::context);
        assertTrue(report.number(end, "drainMillis") < 2_500, () -> "well within the 5 s grace\n" + report.context());

        Set<String> started = ids(r, "start ");
        Set<String> done = ids(r, "done ");
        Set<String> accepted = ids(r, "accepted ");
        Set<String> rejected = ids(r, "rejected ");
        List<Map<String, Object>> inFlight = report.objects(end, "inFlight");
        List<Map<String, Object>> queued = report.objects(end, "queuedNeverRun");
        assertEquals(List.of(), inFlight, () -> "drained: nothing in flight\n" + report.context());
        Set<String> lost = new TreeSet<>(accepted);
        lost.removeAll(done);
        lost.removeIf(id -> queued.stream().anyMatch(t -> String.valueOf(t.get("task")).contains("Step[" + id + "]")));
        assertEquals(Set.of(), lost, () -> "accepted, never done, not listed\n" + report.context());
        Set<String> unfinished = new TreeSet<>(started);
        unfinished.removeAll(done);
        assertEquals(Set.of(), unfinished, report::context);

        for (String pool : List.of("fixed", "cached", "timer")) {
            assertTrue(rejected.stream().anyMatch(id -> id.startsWith(pool + ".")),
                    () -> "the " + pool + " chain ended with a refused submission\n" + r.stdout() + report.context());
        }
        assertEquals(rejected.size(), report.number(end, "rejected"), report::context);
        if (startedBy.equals("hook")) { // started cold in the hook: the cached chain's first step asks for a worker
            assertTrue(report.number(end, "spawnsBlocked") > 0, report::context);
        }
    }

    private static Set<String> ids(ChildJvm.Result r, String prefix) {
        Set<String> ids = new HashSet<>();
        for (String line : r.stdoutStartingWith(prefix)) ids.add(line.substring(prefix.length()).trim());
        return ids;
    }
}
