package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.DeadlockShapes.P;
import dev.poolguard.it.DeadlockShapes.Shape;
import dev.poolguard.it.DeadlockShapes.T;
import dev.poolguard.it.programs.deadlock.StarveCommonPoolFutureTask;
import dev.poolguard.it.programs.deadlock.StarveForkJoinCrossPool;
import dev.poolguard.it.programs.deadlock.StarveForkJoinFutureTask;

/**
 * A ForkJoinPool starved by a plain {@code FutureTask} wait (issue 13, shape 5): the only worker of a
 * ForkJoinPool (its own {@code new ForkJoinPool(1)}, or the common pool at parallelism 1) hands a
 * {@code FutureTask} to its own pool and waits on it. Reported as a STARVATION of that pool with
 * {@code deadlock=log} (and the shape hangs), thrown out of the closing wait with {@code deadlock=fail}.
 * The same checks as {@link DeadlockIT} and {@link FailModeIT}; the healthy twins are {@link ForkJoinTwinsIT}.
 */
class ForkJoinDeadlockIT {
    private static final String FJP = "java.util.concurrent.ForkJoinPool";

    /** A shape and the JVM flags its program needs. */
    record Case(Shape shape, List<String> flags) {
        @Override
        public String toString() {
            return shape.name();
        }
    }

    static final List<Case> CASES = List.of(
            new Case(new Shape("ForkJoinPool(1) worker execute(FutureTask) and get", StarveForkJoinFutureTask.class,
                    "STARVATION", "outer",
                    List.of(new T("ForkJoinPool-1-worker-1", "ForkJoinPool@", "(a ForkJoin task in", "Task[inner]")),
                    List.of(new P("ForkJoinPool@", FJP, 1, 1, 1)), 0, false, false), List.of()),
            new Case(new Shape("ForkJoinPool(1) worker submit(FutureTask) and get", StarveForkJoinFutureTask.class,
                    "STARVATION", "outer",
                    List.of(new T("ForkJoinPool-1-worker-1", "ForkJoinPool@", "(a ForkJoin task in", "Task[inner]")),
                    List.of(new P("ForkJoinPool@", FJP, 1, 1, 1)), 0, false, false), List.of("-Dshape.submit=true")),
            new Case(new Shape("common pool worker execute(FutureTask) and get", StarveCommonPoolFutureTask.class,
                    "STARVATION", "outer",
                    List.of(new T("ForkJoinPool.commonPool-worker-1", "ForkJoinPool#common", "(a ForkJoin task in",
                            "Task[inner]")),
                    List.of(new P("ForkJoinPool#common", FJP, 1, 1, 1)), 0, false, false),
                    List.of("-Djava.util.concurrent.ForkJoinPool.common.parallelism=1")),
            new Case(new Shape("two ForkJoinPool(1) workers wait on FutureTasks queued in each other's pool",
                    StarveForkJoinCrossPool.class, "STARVATION", "a",
                    List.of(new T("fjcross-p1-1", "ForkJoinPool@", "(a ForkJoin task in", "Task[a-in-p2]"),
                            new T("fjcross-p2-1", "ForkJoinPool@", "(a ForkJoin task in", "Task[b-in-p1]")),
                    List.of(new P("ForkJoinPool@", FJP, 1, 1, 1), new P("ForkJoinPool@", FJP, 1, 1, 1)), 0, false, false),
                    List.of()));

    @BeforeAll
    static void startAll() {
        for (Jdk jdk : Jdks.all().toList()) {
            for (Case c : CASES) {
                for (String mode : List.of("log", "fail")) {
                    Prestart.start(key(mode, jdk, c), () -> child(jdk, c, mode).run());
                }
            }
        }
    }

    static Stream<Arguments> jdksAndCases() {
        return Jdks.all().flatMap(jdk -> CASES.stream().map(c -> Arguments.of(jdk, c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndCases")
    void reportedOnceThenHangs(Jdk jdk, Case c) {
        Shape shape = c.shape();
        ChildJvm.Result r = Prestart.take(key("log", jdk, c), () -> child(jdk, c, "log").run()).result();
        DeadlockShapes.checkReport(r, shape);
        DeadlockShapes.noLine(r, "THREW ");
        Checks.printed(r, "READY");
        assertTrue(r.stdoutStartingWith("OUTCOME ").stream().allMatch(l -> l.endsWith(" TIMEOUT")),
                () -> "every outer wait should time out\n" + r.describe());
        Checks.printed(r, "OUTCOME " + shape.label() + " TIMEOUT");
        Report report = r.report();
        for (T thread : shape.threads()) {
            assertTrue(DeadlockShapes.inFlightThreads(report).contains(thread.name()),
                    () -> thread.name() + " should be in shutdown-end.inFlight\n" + report.context());
        }
        assertEquals(shape.pools().size(), report.objects(report.single("shutdown-end"), "queuedNeverRun").size(),
                () -> "shutdown-end.queuedNeverRun should list the starved tasks\n" + report.context());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndCases")
    void closingWaitThrows(Jdk jdk, Case c) {
        Shape shape = c.shape();
        ChildJvm.Result r = Prestart.take(key("fail", jdk, c), () -> child(jdk, c, "fail").run()).result();
        DeadlockShapes.checkReport(r, shape);
        String threw = DeadlockShapes.onlyLine(r, "THREW ");
        String prefix = "THREW " + shape.label() + " " + DeadlockShapes.EXCEPTION + ": ";
        assertTrue(threw.startsWith(prefix + "deadlock: STARVATION: "), r::describe);
        String message = threw.substring(prefix.length());
        for (T thread : shape.threads()) {
            assertTrue(message.contains("thread '" + thread.name() + "'"), r::describe);
        }
        Checks.printed(r, "OUTCOME " + shape.label() + " FAILED java.util.concurrent.ExecutionException caused by "
                + DeadlockShapes.EXCEPTION + ": " + message);
        Checks.nothingLeft(r.report());
    }

    private static ChildJvm child(Jdk jdk, Case c, String mode) {
        return DeadlockShapes.child(jdk, c.shape(), mode).jvmFlags(c.flags().toArray(new String[0]));
    }

    private static String key(String mode, Jdk jdk, Case c) {
        return "forkjoin|" + DeadlockShapes.key(mode, jdk, c.shape());
    }
}
