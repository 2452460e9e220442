package dev.poolguard.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.Checks;
import dev.poolguard.it.ChildJvm;
import dev.poolguard.it.Jdk;
import dev.poolguard.it.Jdks;
import dev.poolguard.it.Report;

/**
 * Issue #5 part 3, coexistence: a second agent that also transforms ThreadPoolExecutor (ByteBuddy
 * Advice on execute and runWorker, see {@link CoAgent}), attached before and after poolguard. Both work:
 * the second agent counts every execute and worker run, and poolguard instruments everything, fails the
 * deadlock's wait, and drains the task in flight at System.exit.
 */
class CoexistenceIT {
    static final List<String> ALL_INSTRUMENTED = List.of("java.util.concurrent.ThreadPoolExecutor",
            "java.util.concurrent.ThreadPoolExecutor$Worker", "java.util.concurrent.ScheduledThreadPoolExecutor",
            "java.util.concurrent.FutureTask", "java.util.concurrent.CompletableFuture",
            "java.util.concurrent.CompletableFuture$Signaller", "java.util.concurrent.CompletableFuture$AsyncSupply",
            "java.util.concurrent.CompletableFuture$AsyncRun", "java.util.concurrent.ExecutorCompletionService",
            "java.lang.Shutdown",
            "java.lang.ApplicationShutdownHooks");

    static Stream<Arguments> orders() {
        return Jdks.crossedWith(List.of("coagent-first", "poolguard-first"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("orders")
    void bothAgentsWork(Jdk jdk, String order) {
        ChildJvm child = ChildJvm.on(jdk).noAgent().label("coexist-" + order);
        Path report = child.logDir().resolve("report.jsonl");
        String coagent = "-javaagent:" + CoAgentJar.get();
        String poolguardOptions = "report=" + report + ",deadlock=fail";
        if (order.equals("coagent-first")) {
            child.jvmFlags(coagent).agentFlag(poolguardOptions);
        } else {
            child.agentFlag(poolguardOptions).jvmFlags(coagent);
        }
        ChildJvm.Result r = child.report(report).main(CoexistApp.class).run();

        Checks.exitStatus(r, 0);
        // the second agent
        assertTrue(r.stderrLines().contains("coagent: installed"), r::describe);
        Checks.printed(r, "COAGENT LOADED true");
        List<String> counts = r.stdoutStartingWith("COAGENT execute+");
        assertEquals(1, counts.size(), r::describe);
        // 10 submits + 2 of the deadlock; 2 + 1 workers ran; two workers ended
        assertTrue(counts.get(0).matches("COAGENT execute\\+(1[2-9]|[2-9]\\d) runWorker\\+[3-9] runWorkerExits>=2"),
                () -> "the second agent's advice did not run as expected: " + counts.get(0) + "\n" + r.describe());
        // the application
        Checks.printed(r, "SUM 285");
        Checks.printed(r, "DEADLOCK CAUGHT dev.poolguard.DeadlockDetectedException");
        Checks.printed(r, "TASK DONE");
        Checks.notPrinted(r, "TASK INTERRUPTED");
        // poolguard
        Report rep = r.report();
        Map<String, Object> start = rep.single("agent-start");
        assertEquals(ALL_INSTRUMENTED, rep.strings(start, "instrumented"), rep::context);
        assertTrue(rep.strings(start, "problems").isEmpty(), rep::context);
        assertEquals("STARVATION", rep.string(rep.single("deadlock"), "kind"), rep::context);
        Checks.shutdownShape(rep);
        Checks.shutdownStart(rep, "EXIT", 0);
        Checks.nothingLeft(rep);
        assertFalse(rep.has("feature-disabled"), rep::context);
        // no complaint from either agent's machinery
        for (String line : r.stderrLines()) {
            boolean expected = line.startsWith("[poolguard]") || line.equals("coagent: installed")
                    || line.contains("VM warning:") || line.startsWith("WARNING:");
            assertTrue(expected, () -> "unexpected stderr line '" + line + "'\n" + r.describe());
        }
    }
}
