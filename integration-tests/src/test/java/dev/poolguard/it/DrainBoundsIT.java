package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.NeverEndingTask;
import dev.poolguard.it.programs.SecondExitDuringDrain;
import dev.poolguard.it.programs.TaskCallsExit;
import dev.poolguard.it.programs.TimeoutDuringShutdown;

/** The edges of the drain: a second exit during it, a task that never ends, a task that is the exit. */
class DrainBoundsIT {

    /**
     * JDK-FACTS: a drain that waits before Shutdown's lock (at Shutdown.exit entry) lets a second
     * System.exit halt the JVM mid-wait; on JDK 17 a drain after Shutdown.runHooks has returned lets a
     * non-zero second exit halt at once (VM.isShutdown()). Either way the long task dies and the status is 5.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void secondExitDuringTheDrainDoesNotCutItShort(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("second-exit").withReport().agent("grace=5s")
                .main(SecondExitDuringDrain.class, "150", "800").run();
        Checks.exitStatus(r, 0);
        Checks.printed(r, "main exits 0");
        Checks.printed(r, "exiter calls exit 5");
        Checks.printed(r, "task done");
        Report report = r.report();
        Map<String, Object> end = Checks.shutdownShape(report);
        Checks.shutdownStart(report, "EXIT", 0);
        // the long task finished; only the task stuck in its own System.exit may be left
        report.objects(end, "inFlight").forEach(t -> {
            if (!String.valueOf(t.get("task")).contains("ExitingTask[second-exit]")) {
                throw report.failure("only the exiting task may be left in flight: " + t);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void graceBoundsTheDrain(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("grace").withReport().agent("grace=300ms")
                .main(NeverEndingTask.class).run();
        Checks.exitStatus(r, 0);
        Checks.printed(r, "task start");
        Checks.notPrinted(r, "task done");
        Checks.notPrinted(r, "interrupted never");
        Report report = r.report();
        Map<String, Object> end = Checks.shutdownShape(report); // drainMillis is a number
        Checks.shutdownStart(report, "EXIT", 0);
        Map<String, Object> task = Checks.taskNamed(report, report.objects(end, "inFlight"), "StuckTask[never]");
        assertEquals("stuck-pool-1", report.string(task, "thread"), report::context);
        Checks.stackMentions(report, task, "dev.poolguard.it.programs.NeverEndingTask");
    }

    /**
     * The task that called System.exit runs the shutdown itself and can never finish; a drain that waits
     * for it would wait out the whole grace (10 minutes here), so the child's 60 s safety timeout catches it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void aTaskThatCallsExitIsNotWaitedFor(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("task-exit").withReport().agent("grace=10m")
                .timeout(Duration.ofSeconds(60))
                .main(TaskCallsExit.class).run();
        Checks.exitStatus(r, 7);
        Checks.printed(r, "task calls exit 7");
        Report report = r.report();
        Checks.shutdownShape(report);
        Checks.shutdownStart(report, "EXIT", 7);
    }

    /**
     * The JDK's internal scheduler (behind CompletableFuture.orTimeout) is neither blocked nor drained: a
     * timeout first used after shutdown began still fires. If it did not, the task would never finish and
     * the drain would wait out its 10-minute grace: the 60 s safety timeout catches that.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void jdkInternalSchedulerStillWorksDuringShutdown(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("jdk-scheduler").withReport().agent("grace=10m")
                .timeout(Duration.ofSeconds(60))
                .main(TimeoutDuringShutdown.class).run();
        Checks.exitStatus(r, 0);
        Checks.printed(r, "timeout fired");
        Checks.printed(r, "task done");
        Report report = r.report();
        Checks.shutdownShape(report);
        Checks.nothingLeft(report);
    }
}
