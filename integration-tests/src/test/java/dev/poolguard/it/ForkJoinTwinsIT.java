package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.healthy.ForkJoinTwins;

/**
 * The healthy twins of {@link ForkJoinDeadlockIT}: waits on ForkJoinPool workers that the pool helps
 * with (fork/join, a ForkJoinTask's get or join on the only worker, nested parallel streams) or
 * compensates for ({@code managedBlock}, a CompletableFuture join), or that another pool or another worker
 * answers (a deep backlog that drains). With {@code deadlock=fail}: every twin completes, no deadlock, no
 * risk, no stall, nothing left.
 */
class ForkJoinTwinsIT {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void waitsThePoolHelpsWithOrCompensatesForAreSilent(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("healthy-ForkJoinTwins").withReport()
                .agent("deadlock=fail,grace=200ms").jvmFlags("-Djava.util.concurrent.ForkJoinPool.common.parallelism=1")
                .timeout(Duration.ofSeconds(60)).main(ForkJoinTwins.class).run();
        Checks.exitStatus(r, 0);
        for (String twin : new String[] {"recursion 28", "nested-parallel-stream 24", "cf-default-join-on-common-worker 1",
                "cf-common-join-on-common-worker 2", "cf-join-on-only-worker 3", "submit-get-on-only-worker 4",
                "submit-timed-get-on-only-worker 5", "submit-join-on-only-worker 6", "managed-block-on-only-worker 7",
                "future-task-in-other-pool 8", "deep-backlog-drains 209"}) {
            Checks.printed(r, "OK " + twin);
        }
        Checks.printed(r, "DONE");
        Report report = r.report();
        Checks.shutdownShape(report);
        Checks.nothingLeft(report);
        assertEquals("fail", report.string(report.object(report.single("agent-start"), "options"), "deadlock"),
                report::context);
        assertFalse(report.has("deadlock"), () -> "no deadlock here\n" + report.context());
        assertFalse(report.has("risk"), () -> "no risk here\n" + report.context());
        assertFalse(report.has("stall"), () -> "no stall here\n" + report.context());
        assertFalse(r.stdout().contains(DeadlockShapes.EXCEPTION) || r.stderr().contains(DeadlockShapes.EXCEPTION),
                r::describe);
        Checks.noStackTrace(r);
    }
}
