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

import dev.poolguard.it.programs.deadlock.StarveFixedTwo;
import dev.poolguard.it.programs.stall.LatchStall;
import dev.poolguard.it.programs.stall.StallTwins;

/**
 * Stalls (docs/contract.md, {@code stall}): a pool whose queued task has not started for the {@code stall}
 * time while every worker is blocked is one {@code stall} event and one WARN, naming what each worker is
 * blocked on; {@code check --stalls} fails on it, plain {@code check} does not. The latch shape of issue 13
 * is one, in a {@code ThreadPoolExecutor} and in a {@code ForkJoinPool}. Its healthy twins stay silent: a
 * deep backlog that drains, workers that sleep briefly between queued tasks, one worker at work beside a
 * blocked one, blocked workers with nothing queued, and the shape itself with {@code stall=off}. A pool in
 * a reported deadlock is not also reported as a stall.
 */
class StallIT {
    private static final List<String> VARIANTS = List.of("latch", "latch-fj", "off", "backlog", "sleepers", "one-busy",
            "nothing-queued", "deadlock");

    @BeforeAll
    static void startAll() {
        for (Jdk jdk : Jdks.all().toList()) {
            for (String variant : VARIANTS) {
                Prestart.start(key(jdk, variant), () -> child(jdk, variant).run());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void theLatchShapeIsOneStallNamingTheLatchForEachWorker(Jdk jdk) throws Exception {
        ChildJvm.Result r = run(jdk, "latch");
        Report report = finished(r);
        Checks.printed(r, "SHAPE queued=1");
        Checks.printed(r, "STALL SEEN");
        assertEquals("500ms", report.string(report.object(report.single("agent-start"), "options"), "stall"),
                report::context);
        Map<String, Object> stall = report.single("stall");
        assertTrue(report.string(stall, "pool").matches("ThreadPoolExecutor#\\d+\\(latch-\\)"), report::context);
        assertEquals(1, report.number(stall, "queued"), report::context);
        assertTrue(report.number(stall, "oldestQueuedMillis") >= 500, () -> "not before the stall time\n" + report.context());
        List<Map<String, Object>> threads = report.objects(stall, "threads");
        assertEquals(List.of("latch-1", "latch-2"), threads.stream().map(t -> report.string(t, "thread")).sorted().toList(),
                report::context);
        for (Map<String, Object> thread : threads) {
            assertTrue(report.string(thread, "task").matches("Party\\[[12]\\]"), report::context);
            String blockedOn = report.string(thread, "blockedOn");
            assertTrue(blockedOn.startsWith("a CountDownLatch (count 1), at " + LatchStall.class.getName() + "$Party.run("),
                    () -> "blockedOn names the latch, its count and the code that waits: " + blockedOn + "\n" + report.context());
            Checks.stackMentions(report, thread, "java.util.concurrent.CountDownLatch.await(");
        }
        assertEquals(1, r.stderrLines().stream().filter(l -> l.startsWith("[poolguard] WARN STALL in pool ThreadPoolExecutor#")
                && l.contains("(latch-): 1 task queued")).count(), () -> "one WARN\n" + r.describe());
        assertTrue(r.stderrLines().stream().anyMatch(l -> l.startsWith("[poolguard]     blocked on a CountDownLatch (count 1)")),
                r::describe);

        CheckCommandIT.Check plain = CheckCommandIT.check(jdk, r.reportFile().toString());
        plain.status(0);
        plain.lastLine("0 deadlocks, 0 risks, 1 stalls, 0 tasks left undone");
        plain.hasLine(".*:\\d+: stall: pool ThreadPoolExecutor#\\d+\\(latch-\\): 1 queued, the oldest for \\d+ ms, while"
                + " every worker was blocked: thread 'latch-\\d' on a CountDownLatch \\(count 1\\), at .*");
        CheckCommandIT.check(jdk, "--stalls", r.reportFile().toString()).status(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void theLatchShapeInAForkJoinPoolIsOneStall(Jdk jdk) {
        ChildJvm.Result r = run(jdk, "latch-fj");
        Report report = finished(r);
        Checks.printed(r, "SHAPE queued=1");
        Checks.printed(r, "STALL SEEN");
        Map<String, Object> stall = report.single("stall");
        assertTrue(report.string(stall, "pool").startsWith("ForkJoinPool@"), report::context);
        assertEquals(1, report.number(stall, "queued"), report::context);
        List<Map<String, Object>> threads = report.objects(stall, "threads");
        assertEquals(2, threads.size(), report::context);
        for (Map<String, Object> thread : threads) {
            assertTrue(report.string(thread, "blockedOn").startsWith("a CountDownLatch (count 1), at "), report::context);
            assertTrue(report.string(thread, "task").startsWith("(a ForkJoin task in "), report::context);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void stallOffWatchesNothing(Jdk jdk) {
        ChildJvm.Result r = run(jdk, "off");
        Report report = finished(r);
        Checks.printed(r, "SHAPE queued=1");
        Checks.printed(r, "HELD");
        Checks.printed(r, "WATCHER ABSENT");
        assertEquals("off", report.string(report.object(report.single("agent-start"), "options"), "stall"), report::context);
        assertFalse(report.has("stall"), report::context);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("twins")
    void healthyTwinsAreSilent(Jdk jdk, String variant) {
        ChildJvm.Result r = run(jdk, variant);
        Report report = finished(r);
        Checks.printed(r, "WATCHER PRESENT");
        assertFalse(report.has("stall"), () -> "no stall\n" + report.context());
        assertFalse(report.has("deadlock") || report.has("risk"), report::context);
        assertFalse(r.stderr().contains("STALL"), r::describe);
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> twins() {
        return Jdks.all().flatMap(jdk -> java.util.stream.Stream.of("backlog", "sleepers", "one-busy", "nothing-queued")
                .map(variant -> org.junit.jupiter.params.provider.Arguments.of(jdk, variant)));
    }

    /** Its workers all wait on tasks queued behind them for two seconds, four stall times: one deadlock, no stall. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void aPoolInAReportedDeadlockIsNotAlsoAStall(Jdk jdk) {
        ChildJvm.Result r = run(jdk, "deadlock");
        Checks.exitStatus(r, 0);
        Checks.printed(r, "OUTCOME b TIMEOUT");
        Report report = r.report();
        assertEquals("STARVATION", report.string(report.single("deadlock"), "kind"), report::context);
        assertFalse(report.has("stall"), () -> "the deadlock's pool is not reported again as a stall\n" + report.context());
    }

    /** Status 0, DONE, the shutdown's shape, nothing left undone. */
    private static Report finished(ChildJvm.Result r) {
        Checks.exitStatus(r, 0);
        Checks.printed(r, "DONE");
        Report report = r.report();
        Checks.shutdownShape(report);
        Checks.nothingLeft(report);
        return report;
    }

    private static ChildJvm.Result run(Jdk jdk, String variant) {
        return Prestart.take(key(jdk, variant), () -> child(jdk, variant).run()).result();
    }

    private static ChildJvm child(Jdk jdk, String variant) {
        ChildJvm child = ChildJvm.on(jdk).label("stall-" + variant).withReport().timeout(Duration.ofSeconds(60));
        return switch (variant) {
            case "latch" -> child.agent("stall=500ms,grace=200ms").main(LatchStall.class, "until-stall", "report-%p.jsonl");
            case "latch-fj" -> child.agent("stall=500ms,grace=200ms").main(LatchStall.class, "until-stall", "report-%p.jsonl", "fj");
            case "off" -> child.agent("stall=off,grace=200ms").main(LatchStall.class, "hold", "1500");
            case "deadlock" -> child.agent("stall=250ms,grace=200ms").main(StarveFixedTwo.class);
            default -> child.agent("stall=500ms,grace=200ms").main(StallTwins.class, variant);
        };
    }

    private static String key(Jdk jdk, String variant) {
        return "stall|" + jdk.home() + "|" + variant;
    }
}
