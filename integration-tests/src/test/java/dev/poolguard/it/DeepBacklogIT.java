package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.deadlock.StarveBehindBacklog;
import dev.poolguard.it.programs.healthy.DeepBacklog;

/**
 * Load does not change what is found (issue 12): a healthy program whose pools hold 100,000 queued tasks
 * has no finding, and a deadlock closed behind a 100,000-task backlog is still found, as STARVATION, in
 * log and fail mode, whether the waiting worker queued the awaited task itself (its pool is known from
 * the submission) or another thread did (found in the stuck pool's queue).
 */
class DeepBacklogIT {
    private static final int FILLERS = 100_000;
    private static final List<String> VARIANTS = List.of("fail-self", "fail-main", "log-self", "log-main");

    @BeforeAll
    static void startAll() {
        for (Jdk jdk : Jdks.all().toList()) {
            Prestart.start(key(jdk, "healthy"), () -> healthy(jdk).run());
            for (String variant : VARIANTS) {
                Prestart.start(key(jdk, variant), () -> deadlock(jdk, variant).run());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void aHealthyProgramWithADeepBacklogHasNoFinding(Jdk jdk) {
        ChildJvm.Result r = Prestart.take(key(jdk, "healthy"), () -> healthy(jdk).run()).result();
        Checks.exitStatus(r, 0);
        Checks.printed(r, "BACKLOG " + FILLERS + " ran, checksum 10424");
        Checks.printed(r, "DONE");
        Report report = r.report();
        assertFalse(report.has("deadlock"), () -> "no deadlock here\n" + report.context());
        assertFalse(report.has("risk"), () -> "no risk here\n" + report.context());
        Checks.noStackTrace(r);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void failModeThrowsBehindTheBacklogWhenTheWaiterQueuedTheTask(Jdk jdk) {
        thrownAndReported(jdk, "fail-self");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void failModeThrowsBehindTheBacklogWhenAnotherThreadQueuedTheTask(Jdk jdk) {
        thrownAndReported(jdk, "fail-main");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void logModeReportsItBehindTheBacklogWhenTheWaiterQueuedTheTask(Jdk jdk) {
        reportedAndLeftHanging(jdk, "log-self");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void logModeReportsItBehindTheBacklogWhenAnotherThreadQueuedTheTask(Jdk jdk) {
        reportedAndLeftHanging(jdk, "log-main");
    }

    private static void thrownAndReported(Jdk jdk, String variant) {
        ChildJvm.Result r = result(jdk, variant);
        Checks.exitStatus(r, 0);
        assertTrue(r.stdoutLines().stream().anyMatch(l -> l.startsWith("THREW outer " + DeadlockShapes.EXCEPTION + ": deadlock:")),
                r::describe);
        // the wait threw, the worker went on: the backlog and the awaited task all ran
        Checks.printed(r, "BACKLOG RAN " + FILLERS);
        starvationBehindTheBacklog(r);
    }

    private static void reportedAndLeftHanging(Jdk jdk, String variant) {
        ChildJvm.Result r = result(jdk, variant);
        Checks.exitStatus(r, 0);
        Checks.printed(r, "OUTCOME outer TIMEOUT");
        starvationBehindTheBacklog(r);
    }

    private static void starvationBehindTheBacklog(ChildJvm.Result r) {
        Report report = r.report();
        Map<String, Object> deadlock = report.single("deadlock");
        assertEquals("STARVATION", report.string(deadlock, "kind"), report::context);
        List<Map<String, Object>> threads = report.objects(deadlock, "threads");
        assertEquals(1, threads.size(), report::context);
        assertEquals("backlog-1", report.string(threads.get(0), "thread"), report::context);
        assertTrue(report.string(threads.get(0), "waitsFor").contains("Task[inner]"), report::context);
        List<Map<String, Object>> pools = report.objects(deadlock, "pools");
        assertEquals(1, pools.size(), report::context);
        assertEquals(FILLERS + 1, report.number(pools.get(0), "queued"), report::context);
        DeadlockShapes.noAgentFrames(report, deadlock);
    }

    private static ChildJvm.Result result(Jdk jdk, String variant) {
        return Prestart.take(key(jdk, variant), () -> deadlock(jdk, variant).run()).result();
    }

    private static ChildJvm healthy(Jdk jdk) {
        return ChildJvm.on(jdk).label("backlog-healthy").withReport().agent("deadlock=fail,grace=200ms")
                .timeout(Duration.ofSeconds(90)).main(DeepBacklog.class, String.valueOf(FILLERS));
    }

    /** Log mode leaves the worker blocked with 100,001 tasks queued: shutdown=off keeps the report small. */
    private static ChildJvm deadlock(Jdk jdk, String variant) {
        String mode = variant.substring(0, variant.indexOf('-'));
        String who = variant.substring(variant.indexOf('-') + 1);
        String options = mode.equals("fail") ? "deadlock=fail,grace=5s" : "deadlock=log,shutdown=off";
        long outer = mode.equals("fail") ? DeadlockShapes.FAIL_OUTER_MILLIS : DeadlockShapes.LOG_OUTER_MILLIS;
        return ChildJvm.on(jdk).label("backlog-" + variant).withReport().agent(options)
                .jvmFlags("-Dshape.outerMillis=" + outer).timeout(Duration.ofSeconds(90))
                .main(StarveBehindBacklog.class, String.valueOf(FILLERS), who);
    }

    private static String key(Jdk jdk, String what) {
        return "backlog|" + jdk.home() + "|" + what;
    }
}
