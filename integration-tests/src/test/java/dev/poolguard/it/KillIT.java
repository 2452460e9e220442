package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.KillDuringDrain;
import dev.poolguard.it.programs.ReadyAndWait;

/** Events are written and flushed as they happen: the report survives kill -9. */
class KillIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void reportSurvivesKill9WhileRunning(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("kill9").withReport()
                .main(ReadyAndWait.class).start()
                .awaitLine("READY").kill9().await();
        assertFalse(r.timedOut(), r::describe);
        assertEquals(137, r.exitCode(), r::describe); // 128 + SIGKILL
        Report report = r.report(); // every line parses and has event/time/pid
        report.single("agent-start");
        assertFalse(report.has("shutdown-start") || report.has("shutdown-end"),
                () -> "kill -9 runs no shutdown hooks: no shutdown events expected\n" + report.context());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void reportSurvivesKill9DuringTheDrain(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("kill9-drain").withReport().agent("grace=1m")
                .main(KillDuringDrain.class).start()
                .awaitLine("HOOK RAN").kill9().await();
        assertFalse(r.timedOut(), r::describe);
        assertEquals(137, r.exitCode(), r::describe);
        Report report = r.report();
        assertEquals("agent-start", report.kinds().get(0), report::context);
        Checks.shutdownStart(report, "EXIT", 0); // written when shutdown began, before the hooks ran
        assertFalse(report.has("shutdown-end"), () -> "killed before the drain ended\n" + report.context());
    }
}
