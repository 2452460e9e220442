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

import dev.poolguard.it.programs.risk.OtherPoolWait;
import dev.poolguard.it.programs.risk.SamePoolWait;

/**
 * Risks: a pool task that blocks on an unfinished task of its own pool is reported as
 * {@code SAME_POOL_WAIT} (not a deadlock: the pool has free workers), once per call site and pool, with
 * the site ({@code class.method(File:line)} of the program's {@code get}) and the stack. A wait on another
 * pool's task is no risk, and {@code risk=off} reports none. (Waits on completed futures and fork/join
 * recursion, also no risk, are in {@link HealthyIT}, which allows no finding at all.)
 */
class RiskIT {
    private static final List<String> VARIANTS = List.of("once", "repeat", "two", "invokeall", "fresh-worker", "risk=off",
            "other-pool");

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
    void samePoolWaitIsOneRiskNamingTheCallSite(Jdk jdk) {
        ChildJvm.Result r = run(jdk, "once");
        Checks.printed(r, "BLOCKED 1");
        List<Map<String, Object>> risks = risks(r, 1);
        Report report = r.report();
        Map<String, Object> risk = risks.get(0);
        assertTrue(report.string(risk, "pool").matches("ThreadPoolExecutor#\\d+\\(risk-\\)"),
                () -> "pool id\n" + report.context());
        assertEquals("risk-1", report.string(risk, "thread"), report::context);
        assertEquals(site(r, 0), report.string(risk, "site"), report::context);
        assertTrue(report.string(risk, "site").startsWith(SamePoolWait.class.getName() + ".firstSite(SamePoolWait.java:"),
                report::context);
        List<String> stack = report.strings(risk, "stack");
        assertTrue(stack.stream().anyMatch(DeadlockShapes::isWaitFrame), () -> "stack starts at the wait\n" + report.context());
        assertTrue(r.stderrLines().stream().anyMatch(l -> l.startsWith("[poolguard] WARN risk SAME_POOL_WAIT")
                && l.contains(site(r, 0))), () -> "the risk is logged at WARN\n" + r.describe());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void sameSiteFiftyTimesIsStillOneRisk(Jdk jdk) {
        ChildJvm.Result r = run(jdk, "repeat");
        Checks.printed(r, "BLOCKED 50"); // each of the 50 waits really blocked
        List<Map<String, Object>> risks = risks(r, 1);
        assertEquals(site(r, 0), risks.get(0).get("site"), r::describe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void twoSitesAreTwoRisks(Jdk jdk) {
        ChildJvm.Result r = run(jdk, "two");
        Checks.printed(r, "BLOCKED 2");
        List<Map<String, Object>> risks = risks(r, 2);
        assertEquals(List.of(site(r, 0), site(r, 1)), risks.stream().map(e -> e.get("site")).toList(), r::describe);
        assertTrue(!site(r, 0).equals(site(r, 1)), r::describe);
    }

    /**
     * A pool task calls {@code invokeAll} on its own pool while its other workers are busy: the wait inside
     * invokeAll is a same-pool wait, and its site is the program's line that called invokeAll (the frame
     * that called the wait from the application's point of view), not a frame inside the JDK that every
     * invokeAll caller would share.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void invokeAllOnTheOwnPoolIsARiskAtTheProgramsCallSite(Jdk jdk) {
        ChildJvm.Result r = run(jdk, "invokeall");
        Checks.printed(r, "INVOKEALL PARKED true");
        List<Map<String, Object>> risks = risks(r, 1);
        assertEquals(site(r, 0), risks.get(0).get("site"), r::describe);
    }

    /**
     * The awaited task was just handed to a new worker as its first task, and that worker has not begun
     * running it when the wait begins (here made certain by a thread factory that holds new threads back
     * until the waiting thread is parked; in real programs it is the ordinary delay of a thread's start).
     * It is an unfinished task of the waiting task's own pool all the same.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void waitOnANewWorkersFirstTaskIsARisk(Jdk jdk) {
        ChildJvm.Result r = run(jdk, "fresh-worker");
        Checks.printed(r, "BLOCKED 1");
        List<Map<String, Object>> risks = risks(r, 1);
        assertEquals(site(r, 0), risks.get(0).get("site"), r::describe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void riskOffReportsNoRisk(Jdk jdk) {
        ChildJvm.Result r = run(jdk, "risk=off");
        Checks.printed(r, "BLOCKED 1");
        Report report = r.report();
        assertEquals("off", report.string(report.object(report.single("agent-start"), "options"), "risk"),
                report::context);
        risks(r, 0);
        assertFalse(r.stderr().contains("SAME_POOL_WAIT"), r::describe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void waitOnAnotherPoolsTaskIsNoRisk(Jdk jdk) {
        ChildJvm.Result r = run(jdk, "other-pool");
        Checks.printed(r, "BLOCKED 3"); // each of the three waits really blocked
        risks(r, 0);
    }

    /** Status 0, DONE, no deadlock, nothing left, exactly {@code count} risk events, each well formed. */
    private static List<Map<String, Object>> risks(ChildJvm.Result r, int count) {
        Checks.exitStatus(r, 0);
        Checks.printed(r, "DONE");
        Report report = r.report();
        Checks.shutdownShape(report);
        Checks.nothingLeft(report);
        assertFalse(report.has("deadlock"), () -> "no deadlock here\n" + report.context());
        List<Map<String, Object>> risks = report.events("risk");
        assertEquals(count, risks.size(), () -> "risk events\n" + report.context());
        for (Map<String, Object> risk : risks) {
            DeadlockShapes.checkRisk(report, risk, SamePoolWait.class);
        }
        return risks;
    }

    /** The n-th SITE line: the frame the program's wait was called from. */
    private static String site(ChildJvm.Result r, int n) {
        List<String> sites = r.stdoutStartingWith("SITE ");
        assertTrue(sites.size() > n, r::describe);
        return sites.get(n).substring("SITE ".length());
    }

    private static ChildJvm.Result run(Jdk jdk, String variant) {
        return Prestart.take(key(jdk, variant), () -> child(jdk, variant).run()).result();
    }

    private static ChildJvm child(Jdk jdk, String variant) {
        ChildJvm child = ChildJvm.on(jdk).label("risk-" + variant).withReport().timeout(Duration.ofSeconds(40));
        return switch (variant) {
            case "risk=off" -> child.agent("risk=off,grace=200ms").main(SamePoolWait.class, "once");
            case "other-pool" -> child.agent("grace=200ms").main(OtherPoolWait.class);
            default -> child.agent("grace=200ms").main(SamePoolWait.class, variant);
        };
    }

    private static String key(Jdk jdk, String variant) {
        return "risk|" + jdk.home() + "|" + variant;
    }
}
