package dev.poolguard.it;

import static dev.poolguard.it.DeadlockShapes.TIMED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.DeadlockShapes.P;
import dev.poolguard.it.DeadlockShapes.Shape;
import dev.poolguard.it.DeadlockShapes.T;
import dev.poolguard.it.programs.deadlock.CycleTwoTasks;
import dev.poolguard.it.programs.deadlock.StarveSingleThread;
import dev.poolguard.it.programs.deadlock.TimedStarvation;

/**
 * Deadlocks with {@code deadlock=log} (the default): each shape of {@link DeadlockShapes} is reported
 * once, when the wait that closes it begins, and then hangs as it would without the agent; main's bounded
 * outer wait gives up, {@code System.exit(0)} runs the drain ({@code grace=200ms}), and shutdown-end
 * names the stuck tasks. Also: a timed deadlock, {@code deadlock=off}, and the deadlock demos, which hang.
 */
class DeadlockIT {
    private static final Duration DEMO_HANG = Duration.ofSeconds(3);
    private static final Duration EVENT_WITHIN = Duration.ofSeconds(30);

    @BeforeAll
    static void startAll() {
        for (Jdk jdk : Jdks.all().toList()) {
            for (Shape shape : DeadlockShapes.SHAPES) {
                if (DeadlockShapes.runsOn(shape, jdk)) {
                    Prestart.start(DeadlockShapes.key("log", jdk, shape), () -> DeadlockShapes.child(jdk, shape, "log").run());
                }
            }
            Prestart.start(timedKey(jdk), () -> timedChild(jdk).run());
            Prestart.start(offKey(jdk, StarveSingleThread.class), () -> offChild(jdk, StarveSingleThread.class).run());
            Prestart.start(offKey(jdk, CycleTwoTasks.class), () -> offChild(jdk, CycleTwoTasks.class).run());
            for (String demo : DeadlockShapes.DEMOS.keySet()) {
                Prestart.start(demoKey(jdk, demo), () -> hungDemo(jdk, demo));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.poolguard.it.DeadlockShapes#jdksAndShapes")
    void reportedOnceThenHangsUntilTheOuterWaitGivesUp(Jdk jdk, Shape shape) {
        Assumptions.assumeTrue(DeadlockShapes.runsOn(shape, jdk), "virtual threads need JDK 21+");
        ChildJvm.Result r = Prestart.take(DeadlockShapes.key("log", jdk, shape),
                () -> DeadlockShapes.child(jdk, shape, "log").run()).result();
        DeadlockShapes.checkReport(r, shape);
        // log mode: nothing thrown, the shape stays hung until main (or its watchdog) gives up
        DeadlockShapes.noLine(r, "THREW ");
        DeadlockShapes.noLine(r, "WAIT ");
        Checks.printed(r, "READY");
        if (shape.mainInShape()) {
            Checks.printed(r, "WATCHDOG");
        } else {
            Checks.printed(r, "OUTCOME " + shape.label() + " TIMEOUT");
        }
        assertTrue(r.stdoutStartingWith("OUTCOME ").stream().allMatch(l -> l.endsWith(" TIMEOUT")),
                () -> "every outer wait should time out\n" + r.describe());
        assertFalse(r.stdout().contains(DeadlockShapes.EXCEPTION), r::describe);
        assertFalse(r.stderr().contains(DeadlockShapes.EXCEPTION + ":"), r::describe);
        // the drain: every deadlocked pool worker is still running its task, every starved task still queued
        Report report = r.report();
        List<String> inFlight = DeadlockShapes.inFlightThreads(report);
        for (T thread : shape.threads()) {
            if (thread.pool() != null) {
                assertTrue(inFlight.contains(thread.name()),
                        () -> thread.name() + " should be in shutdown-end.inFlight\n" + report.context());
            }
        }
        int queued = shape.pools().stream().mapToInt(P::queued).sum();
        assertEquals(queued, report.objects(report.single("shutdown-end"), "queuedNeverRun").size(),
                () -> "shutdown-end.queuedNeverRun should list the starved tasks\n" + report.context());
    }

    /** The closing wait has a timeout: reported with timed=true, and the wait times out as without the agent. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void timedDeadlockIsReportedAsTimedAndEndsByItself(Jdk jdk) {
        ChildJvm.Result r = Prestart.take(timedKey(jdk), () -> timedChild(jdk).run()).result();
        checkTimed(r);
    }

    /** What a run of TimedStarvation must show, whatever the deadlock mode. */
    static void checkTimed(ChildJvm.Result r) {
        Checks.exitStatus(r, 0);
        Checks.printed(r, "TIMED OUT java.util.concurrent.TimeoutException");
        Checks.printed(r, "INNER RAN");
        Checks.printed(r, "OUTCOME outer VALUE gave up");
        Checks.printed(r, "TERMINATED true");
        Checks.printed(r, "END");
        DeadlockShapes.noLine(r, "THREW ");
        Report report = r.report();
        Checks.shutdownShape(report);
        Checks.nothingLeft(report);
        DeadlockShapes.checkEvent(report, report.single("deadlock"), TIMED, true);
        assertFalse(report.has("risk"), () -> "a wait found to be a deadlock is no risk\n" + report.context());
    }

    /** deadlock=off tracks no wait: no deadlock and no risk event, and the shapes hang as without the agent. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void deadlockOffReportsNothingAndTheShapesHang(Jdk jdk) {
        for (Class<?> program : List.of(StarveSingleThread.class, CycleTwoTasks.class)) {
            ChildJvm.Result r = Prestart.take(offKey(jdk, program), () -> offChild(jdk, program).run()).result();
            Checks.exitStatus(r, 0);
            Checks.printed(r, "END");
            DeadlockShapes.noLine(r, "THREW ");
            assertTrue(r.stdoutStartingWith("OUTCOME ").stream().allMatch(l -> l.endsWith(" TIMEOUT")),
                    () -> "the deadlock hangs as without the agent\n" + r.describe());
            Report report = r.report();
            assertEquals("off", report.string(report.object(report.single("agent-start"), "options"), "deadlock"),
                    report::context);
            assertFalse(report.has("deadlock"), () -> "deadlock=off reports no deadlock\n" + report.context());
            assertFalse(report.has("risk"), () -> "deadlock=off tracks no wait, so no risk either\n" + report.context());
            assertFalse(r.stderr().contains("DEADLOCK"), r::describe);
            Checks.shutdownShape(report);
        }
    }

    /**
     * The demos hang with deadlock=log, as documented: the deadlock event is in the report (written and
     * flushed when the closing wait began) while the child runs, three seconds later it still runs, and
     * SIGTERM ends it through the drain, which names the stuck task.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.poolguard.it.DeadlockShapes#jdksAndDemos")
    void demoHangsWithTheDeadlockAlreadyReported(Jdk jdk, String demo) {
        ChildJvm.Result r = Prestart.take(demoKey(jdk, demo), () -> hungDemo(jdk, demo)).result();
        assertFalse(r.timedOut(), r::describe);
        assertEquals(143, r.exitCode(), () -> "ended by SIGTERM after hanging\n" + r.describe());
        Report report = r.report();
        Checks.shutdownShape(report);
        Checks.shutdownStart(report, "SIGNAL", 143);
        Map<String, Object> event = report.single("deadlock");
        assertEquals(DeadlockShapes.DEMOS.get(demo), report.string(event, "kind"), report::context);
        assertEquals(false, report.field(event, "timed"), report::context);
        for (Map<String, Object> thread : report.objects(event, "threads")) {
            assertTrue(report.string(thread, "thread").startsWith(demo + "-worker-"), report::context);
            assertTrue(report.strings(thread, "stack").stream().anyMatch(f -> f.startsWith("dev.poolguard.demo.")),
                    report::context);
        }
        assertFalse(DeadlockShapes.inFlightThreads(report).isEmpty(),
                () -> "the drain should name the stuck task\n" + report.context());
        assertFalse(r.stdoutLines().stream().anyMatch(l -> l.contains("the wait failed") || l.contains("the wait returned")),
                () -> "the demo's wait must neither fail nor return in log mode\n" + r.describe());
    }

    /**
     * Starts the demo and polls its report file (a bounded loop: {@link #EVENT_WITHIN}) until the deadlock
     * event is there; then the demo must still be running {@link #DEMO_HANG} later (an external timeout,
     * as a CI job would have); then SIGTERM.
     */
    static ChildJvm.Result hungDemo(Jdk jdk, String demo) throws Exception {
        ChildJvm.Running child = ChildJvm.on(jdk).label("demo-log-" + demo).withReport().agent("grace=200ms")
                .timeout(Duration.ofSeconds(60)).demo(demo).start();
        long giveUp = System.nanoTime() + EVENT_WITHIN.toNanos();
        Path report = child.reportFile();
        boolean seen = false;
        while (!seen && System.nanoTime() < giveUp && child.alive()) {
            seen = hasDeadlockEvent(report);
            if (!seen) Thread.sleep(20);
        }
        boolean eventSeen = seen;
        boolean hung = false;
        if (eventSeen) {
            long hangUntil = System.nanoTime() + DEMO_HANG.toNanos();
            while (child.alive() && System.nanoTime() < hangUntil) Thread.sleep(50);
            hung = child.alive();
        }
        if (child.alive()) child.sigterm();
        ChildJvm.Result r = child.await();
        assertTrue(eventSeen, () -> "the deadlock event was not in the report within " + EVENT_WITHIN.toSeconds()
                + " s\n" + r.describe());
        boolean hangObserved = hung;
        assertTrue(hangObserved, () -> "the demo should still hang " + DEMO_HANG.toSeconds()
                + " s after the deadlock event\n" + r.describe());
        return r;
    }

    private static boolean hasDeadlockEvent(Path report) {
        try {
            if (!Files.isRegularFile(report)) return false;
            for (String line : Files.readAllLines(report, StandardCharsets.UTF_8)) {
                if (line.startsWith("{\"event\":\"deadlock\"") && line.endsWith("}")) return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    static ChildJvm timedChild(Jdk jdk, String mode) {
        return ChildJvm.on(jdk).label(mode + "-timed").withReport().agent("deadlock=" + mode + ",grace=200ms")
                .jvmFlags("-Dshape.outerMillis=10000").timeout(Duration.ofSeconds(40)).main(TimedStarvation.class);
    }

    private static ChildJvm timedChild(Jdk jdk) {
        return timedChild(jdk, "log");
    }

    private static ChildJvm offChild(Jdk jdk, Class<?> program) {
        return ChildJvm.on(jdk).label("off-" + program.getSimpleName()).withReport().agent("deadlock=off,grace=200ms")
                .jvmFlags("-Dshape.outerMillis=" + DeadlockShapes.LOG_OUTER_MILLIS).timeout(Duration.ofSeconds(40))
                .main(program);
    }

    private static String timedKey(Jdk jdk) {
        return "timed|log|" + jdk.home();
    }

    private static String offKey(Jdk jdk, Class<?> program) {
        return "off|" + jdk.home() + "|" + program.getName();
    }

    private static String demoKey(Jdk jdk, String demo) {
        return "demo|log|" + jdk.home() + "|" + demo;
    }
}
