package dev.poolguard.it.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.ChildJvm;
import dev.poolguard.it.Jdk;
import dev.poolguard.it.Jdks;
import dev.poolguard.it.Report;

/**
 * Ground truth for {@code shutdown-end} (issue 14, no false "left undone"): {@link StopsChild} stops idle,
 * busy and draining pools, by System.exit and by SIGTERM, with and without a hook that shuts the pools
 * down, many times. Drained within the grace, every accepted task ran, and {@code shutdown-end} lists
 * exactly the task that really never ends (when there is one): never an idle or leaving worker.
 *
 * The same for idle pools under {@code shutdown=report}, where no drain waits before the end is written.
 *
 * <p>{@code -Dpoolguard.stops.rounds=N} repeats every case N times (default 1: 14 stops per JDK).
 */
class ShutdownStopsIT {
    static List<Object[]> cases() {
        int rounds = Integer.getInteger("poolguard.stops.rounds", 1);
        List<Object[]> cases = new ArrayList<>();
        long seed = System.nanoTime();
        for (Jdk jdk : Jdks.all().toList()) {
            for (int round = 0; round < rounds; round++) {
                for (String state : List.of("idle", "busy", "draining")) {
                    for (String stop : List.of("exit", "signal")) {
                        for (String hook : List.of("0", "1")) {
                            boolean stuck = (round + state.length() + stop.length() + hook.length()) % 3 == 0;
                            cases.add(new Object[] {jdk, "drain", state, stop, hook, stuck ? "1" : "0", seed++});
                        }
                    }
                }
                // no drain waits here: the end is written while the hook's shutdown wakes idle workers to leave
                for (String stop : List.of("exit", "signal")) {
                    cases.add(new Object[] {jdk, "report", "idle", stop, "1", "0", seed++});
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} shutdown={1} {2} stop={3} hook={4} stuck={5} seed={6}")
    @MethodSource("cases")
    void shutdownEndListsExactlyWhatIsLeft(Jdk jdk, String mode, String state, String stop, String hook, String stuck,
                                           long seed) {
        boolean signal = stop.equals("signal");
        ChildJvm child = ChildJvm.on(jdk).label("stops-" + state + "-" + stop)
                .agent("shutdown=" + mode + (stuck.equals("1") ? ",grace=500ms" : ""))
                .withReport().main(StopsChild.class, Long.toString(seed), state, stop, stuck, hook);
        ChildJvm.Result r;
        if (signal) {
            r = child.start().awaitLine("READY").sigterm().await();
        } else {
            r = child.run();
        }
        assertEquals(signal ? 143 : 0, r.exitCode(), r::describe);
        Report report = r.report();
        Map<String, Object> end = report.single("shutdown-end");

        Set<String> expectedLeft = stuck.equals("1") ? Set.of("T[stuck]") : Set.of();
        Set<String> listed = new TreeSet<>();
        for (Map<String, Object> task : report.objects(end, "inFlight")) listed.add(String.valueOf(task.get("task")));
        assertEquals(expectedLeft, listed, () -> "inFlight is not what really runs\n" + report.context());
        assertEquals(List.of(), report.objects(end, "queuedNeverRun"), report::context);
        assertEquals(!expectedLeft.isEmpty(), report.field(end, "graceExpired"), report::context);

        Set<String> accepted = ids(r, "accepted ");
        Set<String> done = ids(r, "done ");
        Set<String> notDone = new TreeSet<>(accepted);
        notDone.removeAll(done);
        assertEquals(stuck.equals("1") ? Set.of("stuck") : Set.of(), notDone,
                () -> "accepted tasks that never finished\n" + r.describe());
        assertTrue(ids(r, "rejected ").isEmpty(), r::describe);
    }

    private static Set<String> ids(ChildJvm.Result r, String prefix) {
        Set<String> ids = new HashSet<>();
        for (String line : r.stdoutStartingWith(prefix)) ids.add(line.substring(prefix.length()).trim());
        return ids;
    }
}
