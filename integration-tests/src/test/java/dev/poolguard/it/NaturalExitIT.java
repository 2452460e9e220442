package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.NaturalExitDaemonTask;

/** main returns while a daemon pool's task is mid-work (programs.NaturalExitDaemonTask): LAST_THREAD. */
class NaturalExitIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void drainWaitsForTheDaemonTask(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("last-thread-drain").withReport()
                .main(NaturalExitDaemonTask.class, "300").run();
        Checks.exitStatus(r, 0);
        Checks.printed(r, "main returns");
        Checks.printed(r, "task done");
        Report report = r.report();
        Checks.shutdownShape(report);
        Checks.shutdownStart(report, "LAST_THREAD", null);
        Checks.nothingLeft(report);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void reportListsTheDaemonTask(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("last-thread-report").withReport().agent("shutdown=report")
                .main(NaturalExitDaemonTask.class, "20000").run();
        Checks.exitStatus(r, 0);
        Checks.notPrinted(r, "task done");
        Report report = r.report();
        Map<String, Object> end = Checks.shutdownShape(report);
        Checks.shutdownStart(report, "LAST_THREAD", null);
        Map<String, Object> task = Checks.taskNamed(report, report.objects(end, "inFlight"), "SleepTask[daemon]");
        assertEquals("daemon-pool-1", report.string(task, "thread"), report::context);
        Checks.stackMentions(report, task, "NaturalExitDaemonTask$SleepTask.run");
    }
}
