package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.ExitDuringTask;

/** System.exit(N) from main while a pool task is mid-work (programs.ExitDuringTask). */
class ExitDuringTaskIT {
    /** The task's own work under drain: short, so the drain has something to wait for. */
    static final String SHORT_WORK = "300";
    /** The task's work when nobody waits for it: far longer than any shutdown takes. */
    static final String LONG_WORK = "20000";

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void drainLetsTheTaskFinish(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("exit-drain").withReport()
                .main(ExitDuringTask.class, "3", SHORT_WORK).run();
        Checks.exitStatus(r, 3);
        Checks.printed(r, "main exits 3");
        Checks.printed(r, "task done");
        Report report = r.report();
        Checks.shutdownShape(report);
        Checks.shutdownStart(report, "EXIT", 3);
        Checks.nothingLeft(report);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void reportListsTheTaskInFlight(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("exit-report").withReport().agent("shutdown=report")
                .main(ExitDuringTask.class, "4", LONG_WORK).run();
        Checks.exitStatus(r, 4);
        Checks.printed(r, "task start");
        Checks.notPrinted(r, "task done");
        Report report = r.report();
        Map<String, Object> end = Checks.shutdownShape(report);
        Checks.shutdownStart(report, "EXIT", 4);
        Map<String, Object> task = Checks.taskNamed(report, report.objects(end, "inFlight"), "SleepTask[exit-during-task]");
        assertEquals("exit-pool-1", report.string(task, "thread"), report::context);
        assertFalse(report.string(task, "pool").isBlank(), report::context);
        Checks.stackMentions(report, task, "ExitDuringTask$SleepTask.run");
        assertEquals(0, report.objects(end, "queuedNeverRun").size(), report::context);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void offLeavesShutdownAlone(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("exit-off").withReport().agent("shutdown=off")
                .main(ExitDuringTask.class, "6", LONG_WORK).run();
        Checks.exitStatus(r, 6);
        Checks.notPrinted(r, "task done");
        Report report = r.report();
        report.single("agent-start");
        assertFalse(report.has("shutdown-start") || report.has("shutdown-end") || report.has("spawn-blocked"),
                () -> "shutdown=off must not handle the shutdown\n" + report.context());
    }
}
