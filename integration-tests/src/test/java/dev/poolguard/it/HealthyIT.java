package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.healthy.CompletedFutures;
import dev.poolguard.it.programs.healthy.CrossPoolTraffic;
import dev.poolguard.it.programs.healthy.ForkJoinRecursion;
import dev.poolguard.it.programs.healthy.GrowingPool;
import dev.poolguard.it.programs.healthy.GrowingPoolNoWait;
import dev.poolguard.it.programs.healthy.InvokeAllFromMain;
import dev.poolguard.it.programs.healthy.TimedRetry;

/**
 * Correct pool use must produce no finding. Every program runs with {@code deadlock=fail}, so a false
 * deadlock would not only be reported but break the program: status 0, its own result, no deadlock and
 * no risk event, nothing left at shutdown. The growing pool that waits on its own pool's tasks is a risk
 * by definition, so there only "no deadlock" is required.
 */
class HealthyIT {
    private static final List<Class<?>> STRICT = List.of(GrowingPoolNoWait.class, TimedRetry.class,
            CrossPoolTraffic.class, ForkJoinRecursion.class, CompletedFutures.class, InvokeAllFromMain.class);

    @BeforeAll
    static void startAll() {
        for (Jdk jdk : Jdks.all().toList()) {
            for (Class<?> program : STRICT) {
                Prestart.start(key(jdk, program.getName()), () -> child(jdk, program).run());
            }
            Prestart.start(key(jdk, GrowingPool.class.getName()), () -> child(jdk, GrowingPool.class).run());
            Prestart.start(key(jdk, "demo"), () -> demoChild(jdk).run());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void poolThatGrowsToFourWorkersWithoutWaits(Jdk jdk) {
        ChildJvm.Result r = strict(jdk, GrowingPoolNoWait.class);
        Checks.printed(r, "SUM 6 LARGEST 4");
    }

    /** Main's get(100 ms) on a task queued behind a slow one times out and is retried until the task is done. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void timedWaitsThatTimeOutAndRetry(Jdk jdk) {
        ChildJvm.Result r = strict(jdk, TimedRetry.class);
        Matcher m = Pattern.compile("VALUE target done after (\\d+) timeouts").matcher(r.stdout());
        assertTrue(m.find(), r::describe);
        assertTrue(Integer.parseInt(m.group(1)) >= 2, () -> "main's timed waits should have timed out\n" + r.describe());
    }

    /** Thousands of tasks in pool A wait on tasks of pool B: blocking waits, none on the own pool. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void heavyCrossPoolTraffic(Jdk jdk) {
        ChildJvm.Result r = strict(jdk, CrossPoolTraffic.class);
        assertTrue(r.stdoutLines().stream().anyMatch(l -> l.startsWith("TRAFFIC 4000 tasks, checksum ")), r::describe);
    }

    /** ForkJoinPool RecursiveTask fork/join recursion: joining one's own subtasks is no risk. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void forkJoinRecursionIsNoRisk(Jdk jdk) {
        ChildJvm.Result r = strict(jdk, ForkJoinRecursion.class);
        Checks.printed(r, "SUM 1999999000000 ok");
    }

    /** get/join on completed futures of the task's own pool (FutureTask, CompletableFuture): no risk. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void waitsOnCompletedFuturesOfTheOwnPoolAreNoRisk(Jdk jdk) {
        ChildJvm.Result r = strict(jdk, CompletedFutures.class);
        Checks.printed(r, "VALUE inner,stage,stage,completed,in place");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void invokeAllFromMain(Jdk jdk) {
        ChildJvm.Result r = strict(jdk, InvokeAllFromMain.class);
        Checks.printed(r, "SUM 45");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void demoHealthyUnderFailMode(Jdk jdk) {
        ChildJvm.Result r = Prestart.take(key(jdk, "demo"), () -> demoChild(jdk).run()).result();
        assertTrue(r.stdoutLines().stream().anyMatch(l -> l.startsWith("healthy: ") && l.contains("tasks done")),
                r::describe);
        noFinding(r, true);
    }

    /**
     * A pool that grows (core 1, max 4, SynchronousQueue) where a task submits to its own pool and waits,
     * three levels deep: each submission starts a worker, so no deadlock, even with deadlock=fail (it is a
     * same-pool wait, so a risk may be reported).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void growingPoolWithSamePoolWaitsIsNoDeadlock(Jdk jdk) {
        ChildJvm.Result r = Prestart.take(key(jdk, GrowingPool.class.getName()), () -> child(jdk, GrowingPool.class).run())
                .result();
        Checks.printed(r, "VALUE 3>2>1>leaf");
        Checks.printed(r, "LARGEST 4");
        noFinding(r, false);
    }

    private static ChildJvm.Result strict(Jdk jdk, Class<?> program) {
        ChildJvm.Result r = Prestart.take(key(jdk, program.getName()), () -> child(jdk, program).run()).result();
        Checks.printed(r, "DONE");
        noFinding(r, true);
        return r;
    }

    /** Status 0, no deadlock (and, when {@code strict}, no risk) event, nothing left, no exception. */
    private static void noFinding(ChildJvm.Result r, boolean strict) {
        Checks.exitStatus(r, 0);
        Report report = r.report();
        Checks.shutdownShape(report);
        Checks.nothingLeft(report);
        assertEquals("fail", report.string(report.object(report.single("agent-start"), "options"), "deadlock"),
                report::context);
        assertFalse(report.has("deadlock"), () -> "no deadlock here\n" + report.context());
        if (strict) {
            assertFalse(report.has("risk"), () -> "no risk here\n" + report.context());
        }
        assertFalse(r.stdout().contains(DeadlockShapes.EXCEPTION) || r.stderr().contains(DeadlockShapes.EXCEPTION),
                r::describe);
        Checks.noStackTrace(r);
    }

    private static ChildJvm child(Jdk jdk, Class<?> program) {
        return ChildJvm.on(jdk).label("healthy-" + program.getSimpleName()).withReport()
                .agent("deadlock=fail,grace=200ms").timeout(Duration.ofSeconds(60)).main(program);
    }

    private static ChildJvm demoChild(Jdk jdk) {
        return ChildJvm.on(jdk).label("healthy-demo").withReport().agent("deadlock=fail")
                .timeout(Duration.ofSeconds(60)).demo("healthy");
    }

    private static String key(Jdk jdk, String what) {
        return "healthy|" + jdk.home() + "|" + what;
    }
}
