package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15: {@code attach PID} on JVMs started without the agent, on JDK 17 and 25: the three demo
 * deadlocks are named, the healthy demo is left to finish as usual, and bad input is one line, exit 2.
 */
class AttachIT {

    /** Scenario, the line it prints just before its threads deadlock, the kind, the threads named. */
    static List<Arguments> deadlocks() {
        return Jdks.all().flatMap(jdk -> java.util.stream.Stream.of(
                Arguments.of(jdk, "self-wait", "self-wait: a task is about to wait on its own future; without poolguard"
                        + " this never returns", "SELF_WAIT", List.of("self-wait-worker-1")),
                Arguments.of(jdk, "submit-and-wait", "submit-and-wait: the only worker of a one-thread pool is about to"
                        + " submit a task to that pool and wait on it; without poolguard this never returns",
                        "STARVATION", List.of("submit-and-wait-worker-1")),
                Arguments.of(jdk, "mutual-wait", "mutual-wait: two running tasks are about to wait on each other's"
                        + " futures; without poolguard this never returns",
                        "CYCLE", List.of("mutual-wait-worker-1", "mutual-wait-worker-2")))).toList();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("deadlocks")
    void namesEachDemoDeadlock(Jdk jdk, String scenario, String line, String kind, List<String> threads)
            throws Exception {
        ChildJvm.Running target = ChildJvm.on(jdk).noAgent().demo(scenario).label("attach-" + scenario).start();
        try {
            target.awaitLine(line);
            Path report = Files.createTempDirectory("attach-it").resolve("attach.jsonl");
            AttachRun run = AttachRun.untilFound(jdk, 5, target.pid(), "--report", report);
            assertEquals(1, run.exit(), run.describe());
            assertTrue(run.stdout().contains("DEADLOCK " + kind + ": " + why(kind)), run.describe());
            for (String thread : threads) {
                assertTrue(run.out().contains("  thread '" + thread + "' of pool ThreadPoolExecutor#1("), run.describe());
            }
            assertTrue(run.out().contains("      at java.util.concurrent.FutureTask.get(FutureTask.java:"), run.describe());
            assertEquals("poolguard attach: 1 deadlock in pid " + target.pid(), run.stdout().get(run.stdout().size() - 1),
                    run.describe());

            Report events = Report.read(report, target.pid(), run::describe);
            Map<String, Object> deadlock = events.single("deadlock");
            assertEquals(kind, events.string(deadlock, "kind"));
            assertEquals(threads, events.objects(deadlock, "threads").stream().map(t -> t.get("thread")).toList());
            assertTrue(events.has("attach"), events.context());
            AttachRun.Check check = AttachRun.check(jdk, report);
            assertEquals(1, check.exit(), check.out());
            assertTrue(check.out().contains("1 deadlocks"), check.out());
        } finally {
            target.kill9();
        }
        ChildJvm.Result result = target.await();
        assertNothingFromPoolguard(result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void findsNothingInTheHealthyDemoWhichThenEndsAsUsual(Jdk jdk) throws Exception {
        Path until = Files.createTempDirectory("attach-it").resolve("stop");
        ChildJvm.Running target = ChildJvm.on(jdk).noAgent().jvmFlags("-Dhealthy.until=" + until).demo("healthy")
                .label("attach-healthy").start();
        target.awaitLine("healthy: running thousands of small tasks on 4 pools, waiting only where it is safe");
        AttachRun run = AttachRun.run(jdk, target.pid());
        Files.createFile(until);
        ChildJvm.Result result = target.await();
        assertEquals(0, run.exit(), run.describe());
        assertEquals("poolguard attach: no deadlock in pid " + target.pid(), run.stdout().get(run.stdout().size() - 1));
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.stdoutStartingWith("healthy: ").get(1).endsWith("every pool shut down and terminated"),
                result.describe());
        assertNothingFromPoolguard(result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void badInputIsOneLineAndExitTwo(Jdk jdk) throws Exception {
        long gone = ProcessHandle.current().pid() + 1_000_000;
        expectBad(AttachRun.run(jdk, gone), "poolguard attach: no process with pid " + gone);
        expectBad(AttachRun.run(jdk, "twelve"), "poolguard attach: 'twelve' is not a process id");
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            expectBad(AttachRun.run(jdk, sleeper.pid()), "poolguard attach: process " + sleeper.pid() + " (");
            assertTrue(sleeper.isAlive(), "attach must not signal a process that is not a JVM");
        } finally {
            sleeper.destroyForcibly();
            sleeper.waitFor(10, TimeUnit.SECONDS);
        }
        ChildJvm.Running target = ChildJvm.on(jdk).noAgent().demo("self-wait").label("attach-bad-watch").start();
        try {
            target.awaitLine("self-wait: a task is about to wait on its own future; without poolguard this never returns");
            AttachRun bad = AttachRun.run(jdk, target.pid(), "--watch", "deadlock=sometimes");
            expectBad(bad, "poolguard attach: --watch deadlock=sometimes: bad value 'sometimes' for option 'deadlock'");
        } finally {
            target.kill9();
        }
        assertTrue(target.await().stderrLines().isEmpty(), "a bad --watch must not even attach");
    }

    private static void expectBad(AttachRun run, String start) {
        assertEquals(2, run.exit(), run.describe());
        assertTrue(run.stdout().isEmpty(), run.describe());
        assertEquals(1, run.stderr().size(), run.describe());
        assertTrue(run.stderr().get(0).startsWith(start), run.describe());
    }

    /** JDK 21+ warns about the dynamically loaded agent (its own lines, WARNING:); poolguard says nothing. */
    static void assertNothingFromPoolguard(ChildJvm.Result result) {
        for (String line : result.stderrLines()) {
            assertTrue(jdk21Warning(line), "the target printed more than the JDK's warning:\n" + result.describe());
        }
        assertTrue(result.stdoutLines().stream().noneMatch(l -> l.contains("poolguard") && !l.contains("without poolguard")),
                result.describe());
    }

    static boolean jdk21Warning(String line) {
        return line.startsWith("WARNING: A Java agent has been loaded dynamically (")
                || line.equals("WARNING: If a serviceability tool is in use, please run with -XX:+EnableDynamicAgentLoading to hide this warning")
                || line.equals("WARNING: If a serviceability tool is not in use, please run with -Djdk.instrument.traceUsage for more information")
                || line.equals("WARNING: Dynamic loading of agents will be disallowed by default in a future release");
    }

    private static String why(String kind) {
        switch (kind) {
            case "SELF_WAIT":
                return "a task waits for its own result, which it can only produce after the wait returns.";
            case "CYCLE":
                return "each thread waits for a task that the next one is running, in a ring; none can finish first.";
            default:
                return "the awaited tasks are queued in a pool whose every worker is itself waiting, and the pool will not"
                        + " start another worker, so nothing is left to run them.";
        }
    }
}
