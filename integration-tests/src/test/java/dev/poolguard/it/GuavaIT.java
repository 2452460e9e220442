package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import dev.poolguard.it.programs.guava.GuavaHealthy;
import dev.poolguard.it.programs.guava.GuavaLateDeadlock;
import dev.poolguard.it.programs.guava.GuavaStarveChain;
import dev.poolguard.it.programs.guava.GuavaStarveDecorator;

/**
 * Deadlocks through real Guava futures, with each of two Guava versions on the child's class path (the
 * newest, whose wait is {@code AbstractFutureState.blockingGet}, and an older one whose wait is
 * {@code AbstractFuture.get}; versions in the root pom, jars copied to {@code target/it-libs/guava-*}):
 * the deadlocks are found in log and fail mode like {@link DeadlockIT}'s and {@link FailModeIT}'s shapes,
 * and their healthy twins stay silent.
 */
class GuavaIT {
    private static final List<String> VERSIONS = List.of("guava-new", "guava-old");
    private static final List<String> MODES = List.of("log", "fail");

    static final Shape DECORATOR = new Shape("guava listeningDecorator submit-and-get", GuavaStarveDecorator.class,
            "STARVATION", "outer", List.of(new T("gdecor-1", "(gdecor-)", "Task[outer]", "Task[inner]")),
            List.of(new P("(gdecor-)", DeadlockShapes.TPE, 1, 1, 1)), 0, false, false);
    static final Shape CHAIN = new Shape("guava setFuture(catching(transformAsync(transform(queued))))",
            GuavaStarveChain.class, "STARVATION", "outer",
            List.of(new T("gchain-1", "(gchain-)", "Task[outer]", "SettableFuture@")),
            List.of(new P("(gchain-)", DeadlockShapes.TPE, 1, 1, 1)), 0, false, false);
    private static final List<Shape> SHAPES = List.of(DECORATOR, CHAIN);

    @BeforeAll
    static void startAll() {
        for (Jdk jdk : Jdks.all().toList()) {
            for (String version : VERSIONS) {
                for (Shape shape : SHAPES) {
                    for (String mode : MODES) {
                        Prestart.start(key(jdk, version, shape.name(), mode), () -> shapeChild(jdk, version, shape, mode).run());
                    }
                }
                Prestart.start(key(jdk, version, "healthy", "fail"), () -> healthyChild(jdk, version).run());
            }
        }
    }

    static Stream<Arguments> cases() {
        return Jdks.all().flatMap(jdk -> VERSIONS.stream().flatMap(v -> SHAPES.stream().map(s -> Arguments.of(jdk, v, s))));
    }

    static Stream<Arguments> jdksAndVersions() {
        return Jdks.all().flatMap(jdk -> VERSIONS.stream().map(v -> Arguments.of(jdk, v)));
    }

    /** Log mode: one deadlock event, as for the JDK's futures; the shape stays hung until main gives up. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void foundInLogMode(Jdk jdk, String version, Shape shape) {
        ChildJvm.Result r = Prestart.take(key(jdk, version, shape.name(), "log"),
                () -> shapeChild(jdk, version, shape, "log").run()).result();
        DeadlockShapes.checkReport(r, shape);
        DeadlockShapes.noLine(r, "THREW ");
        Checks.printed(r, "OUTCOME " + shape.label() + " TIMEOUT");
        assertFalse(r.stdout().contains(DeadlockShapes.EXCEPTION), r::describe);
        assertEquals(1, r.report().objects(r.report().single("shutdown-end"), "queuedNeverRun").size(),
                () -> "the starved task is still queued at exit\n" + r.report().context());
    }

    /** Fail mode: Guava's get throws the deadlock exception; main sees it as the cause, nothing is left. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void thrownInFailMode(Jdk jdk, String version, Shape shape) {
        Prestart.Run run = Prestart.take(key(jdk, version, shape.name(), "fail"),
                () -> shapeChild(jdk, version, shape, "fail").run());
        ChildJvm.Result r = run.result();
        DeadlockShapes.checkReport(r, shape);
        String threw = DeadlockShapes.onlyLine(r, "THREW ");
        String prefix = "THREW " + shape.label() + " " + DeadlockShapes.EXCEPTION + ": ";
        assertTrue(threw.startsWith(prefix + "deadlock: STARVATION: "), r::describe);
        Checks.printed(r, "OUTCOME " + shape.label() + " FAILED java.util.concurrent.ExecutionException caused by "
                + DeadlockShapes.EXCEPTION + ": " + threw.substring(prefix.length()));
        Checks.nothingLeft(r.report());
        assertTrue(run.millis() < 30_000, () -> "took " + run.millis() + " ms\n" + r.describe());
    }

    /** The twins: a SettableFuture set from outside, a free worker, a done transform, a cancelled task. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndVersions")
    void healthyTwinsStaySilent(Jdk jdk, String version) {
        ChildJvm.Result r = Prestart.take(key(jdk, version, "healthy", "fail"), () -> healthyChild(jdk, version).run()).result();
        Checks.exitStatus(r, 0);
        Checks.printed(r, "TWIN settable VALUE set from outside behind");
        Checks.printed(r, "TWIN free-worker VALUE ran on a free worker");
        Checks.printed(r, "TWIN done-transform VALUE done+transformed false");
        Checks.printed(r, "TWIN cancelled VALUE cancelled");
        Checks.printed(r, "DONE");
        DeadlockShapes.noLine(r, "NEVER ");
        Report report = r.report();
        Checks.shutdownShape(report);
        Checks.nothingLeft(report);
        assertFalse(report.has("deadlock"), () -> "no deadlock here\n" + report.context());
        assertFalse(report.has("risk"), () -> "no risk here\n" + report.context());
        assertFalse(report.has("stall"), () -> "no stall here\n" + report.context());
        assertFalse(r.stderr().contains("Guava"), () -> "this Guava is understood\n" + r.describe());
        Checks.noStackTrace(r);
    }

    /**
     * {@code attach --watch} into a JVM that loaded Guava and waited on its futures before: the Guava
     * already loaded is rewritten then, and a deadlock that forms afterwards is thrown as with -javaagent.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndVersions")
    void guavaLoadedBeforeAttachIsUnderstood(Jdk jdk, String version) throws Exception {
        Path dir = Files.createTempDirectory("guava-attach-it");
        Path go = dir.resolve("go");
        ChildJvm.Running target = ChildJvm.on(jdk).noAgent().classPath(guava(version))
                .main(GuavaLateDeadlock.class, go.toString()).label("guava-attach-" + version).start();
        target.awaitLine("READY");
        AttachRun run = AttachRun.run(jdk, target.pid(), "--watch", "deadlock=fail,grace=250ms");
        assertEquals(0, run.exit(), run.describe());
        Files.createFile(go);
        ChildJvm.Result result = target.await();
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(1, result.stdoutStartingWith("FAILED dev.poolguard.DeadlockDetectedException: deadlock: STARVATION:"
                + " thread 'glate-1'").size(), result.describe());
    }

    private static ChildJvm shapeChild(Jdk jdk, String version, Shape shape, String mode) {
        return DeadlockShapes.child(jdk, shape, mode).label(mode + "-" + version + "-" + shape.program().getSimpleName())
                .classPath(guava(version));
    }

    private static ChildJvm healthyChild(Jdk jdk, String version) {
        return ChildJvm.on(jdk).label("healthy-" + version).withReport().agent("deadlock=fail,grace=200ms")
                .timeout(Duration.ofSeconds(60)).classPath(guava(version)).main(GuavaHealthy.class);
    }

    /** The jars of one Guava version, as integration-tests/pom.xml copies them. */
    static List<Path> guava(String version) {
        Path dir = Path.of(System.getProperty("poolguard.testClasses")).toAbsolutePath().getParent()
                .resolve("it-libs").resolve(version);
        try (Stream<Path> list = Files.list(dir)) {
            List<Path> jars = list.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            assertEquals(2, jars.size(), () -> "guava and failureaccess in " + dir + ": run through mvn verify");
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": run through mvn verify", e);
        }
    }

    private static String key(Jdk jdk, String version, String what, String mode) {
        return "guava|" + jdk.home() + "|" + version + "|" + what + "|" + mode;
    }
}
