package dev.poolguard.it;

import static dev.poolguard.it.DeadlockShapes.TPE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.DeadlockShapes.P;
import dev.poolguard.it.DeadlockShapes.Shape;
import dev.poolguard.it.DeadlockShapes.T;
import dev.poolguard.it.programs.deadlock.StarveCompletionTake;
import dev.poolguard.it.programs.deadlock.StarveDependentStage;
import dev.poolguard.it.programs.deadlock.StarveInvokeAllOne;
import dev.poolguard.it.programs.deadlock.StarveInvokeAny;
import dev.poolguard.it.programs.healthy.StageTwins;

/**
 * Issue 13, shapes 2 to 4: deadlocks whose closing wait is not on the future a queued task completes. A
 * completion service's {@code take()} (and {@code invokeAny}, which waits in one) waits for any of its
 * pending tasks; a dependent stage ({@code thenApplyAsync}, {@code thenCompose}, {@code allOf},
 * {@code anyOf}) waits for its source. Each is reported once in log mode and hangs; in fail mode the
 * closing wait throws; a timed {@code poll} is reported as timed and never thrown; their healthy twins
 * ({@link StageTwins}) stay silent. JDK 17 and 25.
 */
class StageAndCompletionIT {
    /** A shape and the system property that selects its variant of the program (null: none). */
    record Case(Shape shape, String property) {
        @Override
        public String toString() {
            return shape.name();
        }
    }

    private static Case dependent(String name, String stage, int queued) {
        return new Case(new Shape("dependent stage " + name, StarveDependentStage.class, "STARVATION", "outer",
                List.of(new T("depstage-1", "(depstage-)", "Task[outer]", "CompletableFuture@")),
                List.of(new P("(depstage-)", TPE, 1, 1, queued)), 0, false, false), "-Dshape.stage=" + stage);
    }

    static final List<Case> CASES = List.of(
            new Case(new Shape("completion service take on its own one-thread pool", StarveCompletionTake.class,
                    "STARVATION", "outer",
                    List.of(new T("ecs-1", "(ecs-)", "Task[outer]", "ExecutorCompletionService@")),
                    List.of(new P("(ecs-)", TPE, 1, 1, 2)), 0, false, false), null),
            new Case(new Shape("invokeAny on its own one-thread pool", StarveInvokeAny.class, "STARVATION", "outer",
                    List.of(new T("anyof-1", "(anyof-)", "Task[outer]", "ExecutorCompletionService@")),
                    List.of(new P("(anyof-)", TPE, 1, 1, 2)), 0, false, false), null),
            new Case(new Shape("invokeAll on its own one-thread pool", StarveInvokeAllOne.class, "STARVATION", "outer",
                    List.of(new T("allone-1", "(allone-)", "Task[outer]", "Task[part-1]")),
                    List.of(new P("(allone-)", TPE, 1, 1, 2)), 0, false, false), null),
            dependent("thenApplyAsync", "applyAsync", 1),
            dependent("thenCompose", "compose", 1),
            dependent("allOf", "allOf", 1),
            dependent("anyOf", "anyOf", 2),
            dependent("applyToEither", "either", 2),
            dependent("thenCombine", "combine", 2),
            dependent("thenApplyAsync of a done source", "doneAsync", 2));

    /** {@code poll(1, MINUTES)} instead of {@code take()}: a timed wait. */
    static final Case TIMED = new Case(new Shape("timed completion service poll", StarveCompletionTake.class,
            "STARVATION", "outer", List.of(new T("ecs-1", "(ecs-)", "Task[outer]", "ExecutorCompletionService@")),
            List.of(new P("(ecs-)", TPE, 1, 1, 2)), 0, false, false), "-Dshape.timed=true");

    @BeforeAll
    static void startAll() {
        for (Jdk jdk : Jdks.all().toList()) {
            for (Case c : CASES) {
                for (String mode : List.of("log", "fail")) {
                    Prestart.start(key(mode, jdk, c), () -> child(jdk, c, mode).run());
                }
            }
            for (String mode : List.of("log", "fail")) {
                Prestart.start(key(mode, jdk, TIMED), () -> child(jdk, TIMED, mode).run());
            }
            Prestart.start(twinsKey(jdk), () -> twinsChild(jdk).run());
        }
    }

    static Stream<Arguments> jdksAndCases() {
        return Jdks.all().flatMap(jdk -> CASES.stream().map(c -> Arguments.of(jdk, c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndCases")
    void logModeReportsOnceAndTheShapeHangs(Jdk jdk, Case c) {
        Shape shape = c.shape();
        ChildJvm.Result r = Prestart.take(key("log", jdk, c), () -> child(jdk, c, "log").run()).result();
        DeadlockShapes.checkReport(r, shape);
        DeadlockShapes.noLine(r, "THREW ");
        DeadlockShapes.noLine(r, "WAIT ");
        Checks.printed(r, "READY");
        Checks.printed(r, "OUTCOME " + shape.label() + " TIMEOUT");
        assertFalse(r.stdout().contains(DeadlockShapes.EXCEPTION), r::describe);
        Report report = r.report();
        for (T thread : shape.threads()) {
            assertTrue(DeadlockShapes.inFlightThreads(report).contains(thread.name()),
                    () -> thread.name() + " should be in shutdown-end.inFlight\n" + report.context());
        }
        int queued = shape.pools().stream().mapToInt(P::queued).sum();
        assertEquals(queued, report.objects(report.single("shutdown-end"), "queuedNeverRun").size(),
                () -> "shutdown-end.queuedNeverRun should list the starved tasks\n" + report.context());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndCases")
    void failModeThrowsFromTheClosingWait(Jdk jdk, Case c) {
        Shape shape = c.shape();
        Prestart.Run run = Prestart.take(key("fail", jdk, c), () -> child(jdk, c, "fail").run());
        ChildJvm.Result r = run.result();
        DeadlockShapes.checkReport(r, shape);
        String threw = DeadlockShapes.onlyLine(r, "THREW ");
        String prefix = "THREW " + shape.label() + " " + DeadlockShapes.EXCEPTION + ": ";
        assertTrue(threw.startsWith(prefix + "deadlock: " + shape.kind() + ": "), r::describe);
        String message = threw.substring(prefix.length());
        for (T thread : shape.threads()) {
            assertTrue(message.contains("thread '" + thread.name() + "'"), r::describe);
        }
        Checks.printed(r, "OUTCOME " + shape.label() + " FAILED java.util.concurrent.ExecutionException caused by "
                + DeadlockShapes.EXCEPTION + ": " + message);
        Checks.nothingLeft(r.report());
        assertTrue(run.millis() < 30_000, () -> "took " + run.millis() + " ms\n" + r.describe());
    }

    /** A timed {@code poll} on the completion service: reported as timed in both modes, never thrown. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndModes")
    void timedPollIsReportedAsTimedAndNeverThrown(Jdk jdk, String mode) {
        ChildJvm.Result r = Prestart.take(key(mode, jdk, TIMED), () -> child(jdk, TIMED, mode).run()).result();
        Checks.exitStatus(r, 0);
        Checks.printed(r, "OUTCOME outer TIMEOUT");
        DeadlockShapes.noLine(r, "THREW ");
        Report report = r.report();
        DeadlockShapes.checkEvent(report, report.single("deadlock"), TIMED.shape(), true);
        assertFalse(report.has("risk"), report::context);
        assertFalse(r.stdout().contains(DeadlockShapes.EXCEPTION), r::describe);
    }

    static Stream<Arguments> jdksAndModes() {
        return Jdks.crossedWith(List.of("log", "fail"));
    }

    /** The healthy twins, with deadlock=fail: every case completes; no deadlock, risk or stall; nothing left. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void healthyTwinsStaySilent(Jdk jdk) {
        ChildJvm.Result r = Prestart.take(twinsKey(jdk), () -> twinsChild(jdk).run()).result();
        Checks.exitStatus(r, 0);
        for (String line : List.of("CASE timer VALUE timer", "CASE outside VALUE outside applied", "CASE anyOf-outside VALUE other",
                "CASE ecs-other-pool VALUE part-", "CASE invokeAny-free-worker VALUE choice-",
                "CASE allOf-elsewhere VALUE ab", "CASE cancelled VALUE cancelled",
                "CASE source-done VALUE done applied", "TERMINATED true", "DONE")) {
            assertEquals(1, r.stdoutStartingWith(line).size(), () -> "expected a line '" + line + "...'\n" + r.describe());
        }
        DeadlockShapes.noLine(r, "NEVER ");
        Report report = r.report();
        Checks.shutdownShape(report);
        Checks.nothingLeft(report);
        assertFalse(report.has("deadlock"), () -> "no deadlock here\n" + report.context());
        assertFalse(report.has("risk"), () -> "no risk here\n" + report.context());
        assertFalse(report.has("stall"), () -> "no stall here\n" + report.context());
        assertFalse(r.stdout().contains(DeadlockShapes.EXCEPTION) || r.stderr().contains(DeadlockShapes.EXCEPTION),
                r::describe);
        Checks.noStackTrace(r);
    }

    private static ChildJvm child(Jdk jdk, Case c, String mode) {
        ChildJvm child = DeadlockShapes.child(jdk, c.shape(), mode)
                .label(mode + "-" + c.shape().program().getSimpleName() + (c.property() == null ? ""
                        : c.property().replaceAll("[^A-Za-z0-9]+", "-")));
        return c.property() == null ? child : child.jvmFlags(c.property());
    }

    private static ChildJvm twinsChild(Jdk jdk) {
        return ChildJvm.on(jdk).label("healthy-StageTwins").withReport().agent("deadlock=fail,grace=200ms")
                .timeout(Duration.ofSeconds(90)).main(StageTwins.class);
    }

    private static String key(String mode, Jdk jdk, Case c) {
        return "stages|" + mode + "|" + jdk.home() + "|" + c.shape().name();
    }

    private static String twinsKey(Jdk jdk) {
        return "stages|twins|" + jdk.home();
    }
}
