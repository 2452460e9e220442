package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.WatchdogHaltsDuringDrain;

/**
 * A thread that calls Runtime.halt while the drain waits (Surefire's fork watchdog, a delayed task due
 * within the grace): shutdown-end is written by the halt, says how long the drain ran until then, does
 * not list the halting thread as work left undone, and still lists every task really left running.
 */
class WatchdogHaltIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void aWatchdogHaltMidDrainIsNotWorkLeftUndone(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("watchdog-halt").withReport().agent("shutdown=drain,grace=5s")
                .main(WatchdogHaltsDuringDrain.class, "300").run();
        Checks.exitStatus(r, 0);
        Checks.printed(r, "main exits 0");
        Checks.printed(r, "watchdog halts");
        Report report = r.report();
        Map<String, Object> end = Checks.shutdownShape(report);
        Checks.shutdownStart(report, "EXIT", 0);

        List<Map<String, Object>> inFlight = report.objects(end, "inFlight");
        for (Map<String, Object> task : inFlight) {
            assertFalse(String.valueOf(task.get("task")).contains("WatchdogTask[halt]")
                            || "watchdog-1".equals(task.get("thread")),
                    () -> "the thread that halts the JVM is not work left undone: " + task + "\n" + report.context());
        }
        Map<String, Object> stuck = Checks.taskNamed(report, inFlight, "StuckTask[never]");
        assertEquals("stuck-pool-1", report.string(stuck, "thread"), report::context);
        assertEquals(1, inFlight.size(), report::context);

        assertTrue(report.number(end, "drainMillis") >= 1,
                () -> "the drain ran until the watchdog halted the JVM\n" + report.context());
        assertEquals(Boolean.FALSE, report.field(end, "graceExpired"), report::context);
    }
}
