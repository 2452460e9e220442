package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.healthy.SprHandOff;
import dev.poolguard.it.programs.healthy.SprQueueFills;

/**
 * The healthy twins of the SPR-11418 starvation ({@code StarveBoundedQueue} in {@link DeadlockShapes}): the
 * same pool sizes and the same waits of tasks on tasks of their own pool, but the pool grows. With
 * {@code deadlock=fail}, so a false deadlock would break the program: status 0, its own result, no deadlock
 * event, nothing left at shutdown. They are same-pool waits, so risks may be reported.
 */
class GrowthTwinsIT {
    @BeforeAll
    static void startAll() {
        for (Jdk jdk : Jdks.all().toList()) {
            for (Class<?> program : new Class<?>[] {SprHandOff.class, SprQueueFills.class}) {
                Prestart.start(key(jdk, program), () -> child(jdk, program).run());
            }
        }
    }

    /** A SynchronousQueue hands each inner task to a new worker: the pool grows to its maximum of ten. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void aHandOffQueueGrowsThePoolToItsMaximum(Jdk jdk) {
        ChildJvm.Result r = run(jdk, SprHandOff.class);
        Checks.printed(r, "VALUE inner-1,inner-2,inner-3,inner-4,inner-5");
        Checks.printed(r, "LARGEST 10");
    }

    /**
     * A bounded queue that main, free while the outer tasks wait, fills up: the pool grows by one worker and
     * every wait completes. poolguard looked at every outer wait before main filled the queue.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void aBoundedQueueThatMainFillsGrowsThePool(Jdk jdk) {
        ChildJvm.Result r = run(jdk, SprQueueFills.class);
        Checks.printed(r, "VALUE inner-1,inner-2,inner-3,inner-4,inner-5");
        Checks.printed(r, "FILLERS 21 LARGEST 6 RAN 21");
        DeadlockShapes.noLine(r, "NEVER ");
    }

    private static ChildJvm.Result run(Jdk jdk, Class<?> program) {
        ChildJvm.Result r = Prestart.take(key(jdk, program), () -> child(jdk, program).run()).result();
        Checks.exitStatus(r, 0);
        Checks.printed(r, "DONE");
        Report report = r.report();
        Checks.shutdownShape(report);
        Checks.nothingLeft(report);
        assertEquals("fail", report.string(report.object(report.single("agent-start"), "options"), "deadlock"),
                report::context);
        assertFalse(report.has("deadlock"), () -> "no deadlock here: the pool grows\n" + report.context());
        for (var risk : report.events("risk")) {
            DeadlockShapes.checkRisk(report, risk, program);
        }
        assertFalse(r.stdout().contains(DeadlockShapes.EXCEPTION) || r.stderr().contains(DeadlockShapes.EXCEPTION),
                r::describe);
        Checks.noStackTrace(r);
        return r;
    }

    private static ChildJvm child(Jdk jdk, Class<?> program) {
        return ChildJvm.on(jdk).label("growth-" + program.getSimpleName()).withReport()
                .agent("deadlock=fail,grace=200ms").timeout(Duration.ofSeconds(60)).main(program);
    }

    private static String key(Jdk jdk, Class<?> program) {
        return "growth-twin|" + jdk.home() + "|" + program.getName();
    }
}
