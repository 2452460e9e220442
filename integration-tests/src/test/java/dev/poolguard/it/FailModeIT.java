package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.DeadlockShapes.Shape;
import dev.poolguard.it.DeadlockShapes.T;

/**
 * Deadlocks with {@code deadlock=fail}: the wait that closes each shape of {@link DeadlockShapes} throws
 * {@code dev.poolguard.DeadlockDetectedException} (message {@code deadlock: KIND: ...} naming every thread)
 * instead of blocking; main's own {@code get} on the failed task sees it as the cause of an
 * {@code ExecutionException}; the shape comes apart, nothing is left at shutdown, and the program ends
 * long before its outer wait would give up. A timed deadlock is reported but never thrown. The demos
 * print "the wait failed" and exit with status 1.
 */
class FailModeIT {

    @BeforeAll
    static void startAll() {
        for (Jdk jdk : Jdks.all().toList()) {
            for (Shape shape : DeadlockShapes.SHAPES) {
                if (DeadlockShapes.runsOn(shape, jdk)) {
                    Prestart.start(DeadlockShapes.key("fail", jdk, shape), () -> DeadlockShapes.child(jdk, shape, "fail").run());
                }
            }
            Prestart.start(timedKey(jdk), () -> DeadlockIT.timedChild(jdk, "fail").run());
            for (String demo : DeadlockShapes.DEMOS.keySet()) {
                Prestart.start(demoKey(jdk, demo), () -> demoChild(jdk, demo).run());
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.poolguard.it.DeadlockShapes#jdksAndShapes")
    void closingWaitThrowsAndTheCallerSeesItAsTheCause(Jdk jdk, Shape shape) {
        Assumptions.assumeTrue(DeadlockShapes.runsOn(shape, jdk), "virtual threads need JDK 21+");
        Prestart.Run run = Prestart.take(DeadlockShapes.key("fail", jdk, shape),
                () -> DeadlockShapes.child(jdk, shape, "fail").run());
        ChildJvm.Result r = run.result();
        DeadlockShapes.checkReport(r, shape);
        // exactly one wait threw, the one that closed the shape
        String threw = DeadlockShapes.onlyLine(r, "THREW ");
        String prefix = "THREW " + shape.label() + " " + DeadlockShapes.EXCEPTION + ": ";
        assertTrue(threw.startsWith(prefix + "deadlock: " + shape.kind() + ": "),
                () -> "the closing wait should throw " + DeadlockShapes.EXCEPTION + " 'deadlock: " + shape.kind()
                        + ": ...'\n" + r.describe());
        String message = threw.substring(prefix.length());
        for (T thread : shape.threads()) {
            assertTrue(message.contains("thread '" + thread.name() + "'"),
                    () -> "the message should name thread " + thread.name() + "\n" + r.describe());
        }
        // main's own get on the task whose wait failed: ExecutionException caused by the same exception
        Checks.printed(r, "OUTCOME " + shape.label() + " FAILED java.util.concurrent.ExecutionException caused by "
                + DeadlockShapes.EXCEPTION + ": " + message);
        DeadlockShapes.noLine(r, "WATCHDOG");
        assertTrue(r.stdoutLines().stream().noneMatch(l -> l.startsWith("OUTCOME ") && l.endsWith(" TIMEOUT")),
                () -> "no outer wait should time out: the deadlock was broken at once\n" + r.describe());
        Checks.nothingLeft(r.report());
        assertTrue(run.millis() < 30_000, () -> "took " + run.millis() + " ms\n" + r.describe());
    }

    /** A timed deadlock is reported (timed=true) but not thrown: the wait times out as without the agent. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void timedDeadlockIsNotThrown(Jdk jdk) {
        ChildJvm.Result r = Prestart.take(timedKey(jdk), () -> DeadlockIT.timedChild(jdk, "fail").run()).result();
        DeadlockIT.checkTimed(r);
        assertTrue(!r.stdout().contains(DeadlockShapes.EXCEPTION), r::describe);
    }

    /** The demos under deadlock=fail: "the wait failed", status 1, and the report names the kind. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.poolguard.it.DeadlockShapes#jdksAndDemos")
    void demoWaitFailsWithStatus1(Jdk jdk, String demo) {
        ChildJvm.Result r = Prestart.take(demoKey(jdk, demo), () -> demoChild(jdk, demo).run()).result();
        Checks.exitStatus(r, 1);
        String kind = DeadlockShapes.DEMOS.get(demo);
        List<String> failed = r.stdoutStartingWith(demo + ": the wait failed: ");
        assertEquals(1, failed.size(), () -> "expected the demo's 'the wait failed' line\n" + r.describe());
        assertTrue(failed.get(0).contains(DeadlockShapes.EXCEPTION + ": deadlock: " + kind + ": "),
                () -> "the failure should be the deadlock exception\n" + r.describe());
        Report report = r.report();
        Checks.shutdownShape(report);
        Checks.shutdownStart(report, "EXIT", 1);
        Checks.nothingLeft(report);
        Map<String, Object> event = report.single("deadlock");
        assertEquals(kind, report.string(event, "kind"), report::context);
        assertEquals(false, report.field(event, "timed"), report::context);
        assertTrue(r.stderrLines().stream().anyMatch(l -> l.startsWith("[poolguard] ERROR DEADLOCK " + kind)),
                r::describe);
    }

    /**
     * The stacks in the demos' deadlock events show where each thread waits. In mutual-wait the two waits
     * begin at nearly the same moment, so the thread that did not close the ring may still be inside
     * poolguard's own check of its wait when the other's check takes its stack.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.poolguard.it.DeadlockShapes#jdksAndDemos")
    void demoDeadlockStacksShowTheApplicationNotPoolguard(Jdk jdk, String demo) {
        ChildJvm.Result r = Prestart.take(demoKey(jdk, demo), () -> demoChild(jdk, demo).run()).result();
        Report report = r.report();
        Map<String, Object> event = report.single("deadlock");
        for (Map<String, Object> thread : report.objects(event, "threads")) {
            List<String> stack = report.strings(thread, "stack");
            assertTrue(stack.stream().anyMatch(DeadlockShapes::isWaitFrame), () -> "no frame of the future's wait in "
                    + thread.get("thread") + "\n" + report.context());
        }
        DeadlockShapes.noAgentFrames(report, event);
    }

    private static ChildJvm demoChild(Jdk jdk, String demo) {
        return ChildJvm.on(jdk).label("demo-fail-" + demo).withReport().agent("deadlock=fail,grace=200ms")
                .timeout(Duration.ofSeconds(30)).demo(demo);
    }

    private static String timedKey(Jdk jdk) {
        return "timed|fail|" + jdk.home();
    }

    private static String demoKey(Jdk jdk, String demo) {
        return "demo|fail|" + jdk.home() + "|" + demo;
    }
}
