package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.attach.LateDeadlock;

/**
 * Issue 15: {@code attach PID --watch OPTIONS} installs the agent in a JVM started without it; a deadlock
 * that forms afterwards is reported (and with {@code deadlock=fail} thrown) as with {@code -javaagent},
 * and the JVM's exit is guarded (shutdown-start, shutdown-end in the report).
 */
class AttachWatchIT {

    static List<Arguments> modes() {
        return Jdks.crossedWith(List.of("fail", "log")).toList();
    }

    @ParameterizedTest(name = "{0} deadlock={1}")
    @MethodSource("modes")
    void aDeadlockAfterWatchIsReportedAsWithJavaagent(Jdk jdk, String mode) throws Exception {
        Path dir = Files.createTempDirectory("attach-watch-it");
        Path go = dir.resolve("go");
        Path report = dir.resolve("report.jsonl");
        ChildJvm.Running target = ChildJvm.on(jdk).noAgent().main(LateDeadlock.class, go.toString())
                .label("attach-watch-" + mode).start();
        target.awaitLine("READY");
        AttachRun run = AttachRun.run(jdk, target.pid(), "--watch", "deadlock=" + mode + ",grace=250ms,report=" + report);
        assertEquals(0, run.exit(), run.describe());
        assertTrue(run.out().startsWith("poolguard attach: installed in " + target.pid()), run.describe());
        Files.createFile(go);
        ChildJvm.Result result = target.await();
        assertEquals(0, result.exitCode(), result.describe());
        if (mode.equals("fail")) {
            assertTrue(result.stdoutStartingWith("FAILED dev.poolguard.DeadlockDetectedException: deadlock: STARVATION:"
                    + " thread 'late-pool-1'").size() == 1, result.describe());
        } else {
            assertTrue(result.printed("HUNG"), result.describe());
        }
        assertTrue(result.stderrLines().contains("[poolguard] ERROR DEADLOCK STARVATION: the awaited tasks are queued in"
                + " a pool whose every worker is itself waiting, and the pool will not start another worker, so nothing"
                + " is left to run them."), result.describe());

        Report events = Report.read(report, target.pid(), result::describe);
        assertEquals(List.of("agent-start", "deadlock", "shutdown-start", "shutdown-end"), events.kinds(), events.context());
        Map<String, Object> deadlock = events.single("deadlock");
        assertEquals("STARVATION", events.string(deadlock, "kind"));
        assertEquals("late-pool-1", events.objects(deadlock, "threads").get(0).get("thread"));
        assertTrue(events.strings(events.single("agent-start"), "problems").isEmpty(), events.context());
    }
}
