package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.SignalDuringTask;

/** SIGTERM while a pool task is mid-work (programs.SignalDuringTask): status 143, drained or reported. */
class SignalIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void sigtermDrainsTheTask(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("sigterm-drain").withReport()
                .main(SignalDuringTask.class, "300").start()
                .awaitLine("READY").sigterm().await();
        Checks.exitStatus(r, 143);
        Checks.printed(r, "hook opens gate");
        Checks.printed(r, "task done");
        Report report = r.report();
        Checks.shutdownShape(report);
        Checks.shutdownStart(report, "SIGNAL", 143);
        Checks.nothingLeft(report);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void sigtermReportsTheTask(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("sigterm-report").withReport().agent("shutdown=report")
                .main(SignalDuringTask.class, "20000").start()
                .awaitLine("READY").sigterm().await();
        Checks.exitStatus(r, 143);
        Checks.notPrinted(r, "task done");
        Report report = r.report();
        Map<String, Object> end = Checks.shutdownShape(report);
        Checks.shutdownStart(report, "SIGNAL", 143);
        Map<String, Object> task = Checks.taskNamed(report, report.objects(end, "inFlight"), "GatedTask[signal]");
        assertEquals("signal-pool-1", report.string(task, "thread"), report::context);
        Checks.stackMentions(report, task, "SignalDuringTask$GatedTask.run");
    }
}
