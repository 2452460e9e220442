package dev.poolguard.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.Checks;
import dev.poolguard.it.ChildJvm;
import dev.poolguard.it.Jdk;
import dev.poolguard.it.Report;

/**
 * Issue #5 part 5, internal faults: a failure inside poolguard (simulated through the boot runtime's
 * {@code Faults.injectOnce}) switches that feature off, is reported once ({@code feature-disabled} event
 * and one ERROR line), is counted, and the application goes on with the right results and its own exit
 * status. The application's own exceptions pass through the rewritten JDK methods untouched and are not
 * counted. A report file that fails on every write is said once and changes nothing else.
 */
class InternalFaultsIT {

    private static ChildJvm.Result run(Jdk jdk, String mode, String options) {
        ChildJvm child = ChildJvm.on(jdk).noAgent().label("fault-" + mode);
        java.nio.file.Path report = child.logDir().resolve("report.jsonl");
        return child.agentFlag("report=" + report + (options.isEmpty() ? "" : "," + options)).report(report)
                .main(FaultApp.class, mode).run();
    }

    /** Exactly one feature-disabled event for {@code feature}, and one ERROR line saying so. */
    private static void disabledOnce(ChildJvm.Result r, Report report, String feature) {
        List<Map<String, Object>> events = report.events("feature-disabled");
        assertEquals(1, events.size(), () -> "expected one feature-disabled event\n" + report.context());
        // worker tracking takes the features that read it along, and says so in the same event
        assertTrue(report.string(events.get(0), "feature").startsWith(feature), report::context);
        assertTrue(report.string(events.get(0), "error").contains("fault injected"), report::context);
        List<String> errors = r.stderrStartingWith("[poolguard] ERROR");
        assertEquals(1, errors.size(), () -> "expected one ERROR line from the agent\n" + r.describe());
        assertTrue(errors.get(0).contains(feature) && errors.get(0).contains("off"),
                () -> "the ERROR line should name the feature and say it is off: " + errors.get(0) + "\n" + r.describe());
        // its trace is the agent's own log (prefixed), never a bare stack trace on the application's stderr
        for (String line : r.stderrLines()) {
            boolean ok = line.startsWith("[poolguard]") || line.contains("VM warning:") || line.startsWith("WARNING:");
            assertTrue(ok, () -> "unexpected stderr line '" + line + "'\n" + r.describe());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void deadlockDetectionFault(Jdk jdk) {
        ChildJvm.Result r = run(jdk, "deadlock-detection", "deadlock=fail");
        Checks.exitStatus(r, 0);
        Checks.printed(r, "INJECTED deadlock detection true");
        Checks.printed(r, "WAIT 1 slow");
        Checks.printed(r, "AFTER FAULT 1");
        Checks.printed(r, "SELF WAIT timed out"); // as without the agent: nothing detects it any more
        Checks.printed(r, "WAIT 2 again");
        Checks.printed(r, "SUPPRESSED 1"); // the second injection is never tripped: the feature is off
        Report report = r.report();
        disabledOnce(r, report, "deadlock detection");
        assertFalse(report.has("deadlock"), report::context);
        // the other features still work
        Checks.shutdownShape(report);
        Checks.nothingLeft(report);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void workerTrackingFault(Jdk jdk) {
        ChildJvm.Result r = run(jdk, "worker-tracking", "");
        Checks.exitStatus(r, 0);
        Checks.printed(r, "SUM 45");
        Checks.printed(r, "SUPPRESSED 1");
        Report report = r.report();
        disabledOnce(r, report, "worker tracking");
        // the shutdown guard reads what worker tracking knows: off with it, or else complete
        if (report.has("shutdown-start") || report.has("shutdown-end")) {
            Checks.shutdownShape(report);
        }
    }

    /**
     * After worker tracking failed, workers started later are unknown to poolguard, but deadlock detection
     * (which reads the worker registry) stays on: a pool whose only known worker waits on a queued task
     * looks starved although an unknown worker will run the task in a moment. With deadlock=fail the
     * application's wait then throws: a poolguard fault that breaks the application. Deadlock detection
     * needs worker tracking (the installer switches it off when tracking could not be installed); a
     * runtime failure of tracking should switch it off too.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void workerTrackingFaultDoesNotMakeFalseDeadlocks(Jdk jdk) {
        ChildJvm.Result r = run(jdk, "worker-tracking-then-wait", "deadlock=fail");
        Checks.exitStatus(r, 0);
        Report report = r.report();
        assertFalse(report.has("deadlock"), () -> "a false deadlock after the worker-tracking fault\n" + report.context());
        Checks.printed(r, "WAIT RESULT inner");
        Checks.printed(r, "SUPPRESSED 1");
        disabledOnce(r, report, "worker tracking");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void shutdownGuardFault(Jdk jdk) {
        ChildJvm.Result r = run(jdk, "shutdown-guard", "");
        Checks.exitStatus(r, 7); // the application's status, whatever failed inside the agent
        Checks.printed(r, "SUBMITTED DURING SHUTDOWN");
        Checks.printed(r, "SECOND TASK RAN"); // the worker the guard would have refused started as without it
        Checks.printed(r, "HOOK DONE SUPPRESSED 1");
        Report report = r.report();
        disabledOnce(r, report, "shutdown guard");
        Checks.shutdownStart(report, "EXIT", 7);
        assertFalse(report.has("spawn-blocked"), report::context);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void applicationExceptionsPassThroughUncounted(Jdk jdk) {
        ChildJvm.Result r = run(jdk, "none", "deadlock=fail");
        Checks.exitStatus(r, 0);
        Checks.printed(r, "FACTORY factory says no");
        Checks.printed(r, "TASK java.io.IOException: task says no");
        Checks.printed(r, "CANCELLED");
        Checks.printed(r, "TIMEOUT");
        Checks.printed(r, "INTERRUPTED");
        Checks.printed(r, "SUPPRESSED 0");
        Report report = r.report();
        assertFalse(report.has("feature-disabled"), report::context);
        assertFalse(report.has("deadlock"), report::context);
        assertTrue(r.stderrStartingWith("[poolguard] ERROR").isEmpty(), r::describe);
    }

    /** /dev/full opens fine and fails every write (ENOSPC): a report that breaks while the JVM runs. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void reportThatCannotBeWrittenIsSaidOnce(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).noAgent().label("fault-dev-full").agentFlag("report=/dev/full,deadlock=fail")
                .main(PlainDeadlockApp.class).run();
        Checks.exitStatus(r, 0);
        Checks.printed(r, "DEADLOCK CAUGHT dev.poolguard.DeadlockDetectedException");
        Checks.printed(r, "DONE");
        List<String> said = r.stderrLines().stream().filter(l -> l.contains("/dev/full")).toList();
        assertEquals(1, said.size(), () -> "the broken report should be said once\n" + r.describe());
        assertTrue(said.get(0).startsWith("[poolguard] WARN"), r::describe);
        // the events still reach the log
        assertTrue(r.stderrLines().stream().anyMatch(l -> l.startsWith("[poolguard] ERROR DEADLOCK")), r::describe);
        assertTrue(r.stderrLines().stream().anyMatch(l -> l.startsWith("[poolguard] INFO shutdown:")), r::describe);
        Checks.noStackTrace(r);
    }
}
