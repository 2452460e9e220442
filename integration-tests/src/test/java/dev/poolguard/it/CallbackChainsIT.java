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

import dev.poolguard.it.programs.CallbackChains;

/**
 * Endless callback chains while System.exit runs (programs.CallbackChains), with the honest accounting
 * check: every task the program saw start either finished or is listed in flight, and every accepted
 * submission either started or is listed as queued and never run. Only under drain: with
 * shutdown=report the pools keep running until the halt, after shutdown-end was written, so a task can
 * start in between and the check would race.
 */
class CallbackChainsIT {
    static final int CHAINS = 6;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void drainEndsTheChainsAndAccountsForEveryTask(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("chains-drain").withReport()
                .main(CallbackChains.class, Integer.toString(CHAINS), "60").run();
        checkDrainedChains(r);
    }

    /** The same while a slow application hook keeps the chains running (and asking for workers) during the hooks. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void chainsRunningThroughASlowHookAreAccountedFor(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("chains-slow-hook").withReport()
                .main(CallbackChains.class, Integer.toString(CHAINS), "60", "200").run();
        Checks.printed(r, "slow hook done");
        checkDrainedChains(r);
        // refused spawns (if the timing produced any) were asked for by the chain tasks, on pool threads
        Report report = r.report();
        for (Map<String, Object> blocked : report.events("spawn-blocked")) {
            assertTrue(report.string(blocked, "thread").startsWith("chain-"),
                    () -> "spawns are asked for by chain tasks on pool threads\n" + report.context());
        }
    }

    private static void checkDrainedChains(ChildJvm.Result r) {
        Checks.exitStatus(r, 0);
        Checks.printed(r, "main exits 0");
        Report report = r.report();
        Map<String, Object> end = Checks.shutdownShape(report);
        Checks.shutdownStart(report, "EXIT", 0);

        Set<String> started = ids(r, "start ");
        Set<String> done = ids(r, "done ");
        Set<String> accepted = ids(r, "accepted ");
        Set<String> rejected = ids(r, "rejected ");
        List<Map<String, Object>> inFlight = report.objects(end, "inFlight");
        List<Map<String, Object>> queued = report.objects(end, "queuedNeverRun");

        Set<String> startedNotDone = new TreeSet<>(started);
        startedNotDone.removeAll(done);
        Set<String> unaccounted = new TreeSet<>();
        for (String id : startedNotDone) {
            if (!listed(inFlight, id)) unaccounted.add(id);
        }
        assertEquals(Set.of(), unaccounted,
                () -> "tasks that started, never printed done, and are not in shutdown-end.inFlight\n" + report.context());

        Set<String> neverStarted = new TreeSet<>(accepted);
        neverStarted.removeAll(started);
        Set<String> lost = new TreeSet<>();
        for (String id : neverStarted) {
            if (!listed(queued, id)) lost.add(id);
        }
        assertEquals(Set.of(), lost,
                () -> "accepted tasks that never started and are not in shutdown-end.queuedNeverRun\n" + report.context());

        // drained: nothing may be left running, and the chains ended because submissions were refused
        assertEquals(List.of(), inFlight, () -> "drain must leave nothing in flight\n" + report.context());
        for (int chain = 1; chain <= CHAINS; chain++) {
            String prefix = "c" + chain + ".";
            assertTrue(rejected.stream().anyMatch(id -> id.startsWith(prefix)),
                    () -> "chain " + prefix + " did not end with a refused submission: a drained chain can only"
                            + " end that way\n" + report.context());
        }
        assertEquals(rejected.size(), report.number(end, "rejected"),
                () -> "shutdown-end.rejected should count the refusals the program saw\n" + report.context());
    }

    private static Set<String> ids(ChildJvm.Result r, String prefix) {
        Set<String> ids = new HashSet<>();
        for (String line : r.stdoutStartingWith(prefix)) ids.add(line.substring(prefix.length()).trim());
        return ids;
    }

    private static boolean listed(List<Map<String, Object>> tasks, String id) {
        return tasks.stream().anyMatch(t -> String.valueOf(t.get("task")).contains("ChainTask[" + id + "]"));
    }
}
