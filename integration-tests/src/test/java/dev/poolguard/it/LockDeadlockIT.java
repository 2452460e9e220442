package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.lock.LockFutureCycle;
import dev.poolguard.it.programs.lock.LockHeldByIdleThread;
import dev.poolguard.it.programs.lock.LockReleasedBeforeWait;
import dev.poolguard.it.programs.lock.ObjectWaitTask;

/**
 * Locks in the wait graph (issue 13, shape 7): a task holds a lock and waits on a task of another pool that
 * blocks acquiring the same lock. One CYCLE event, the waiter with {@code waitsFor}, the lock waiter with
 * {@code lock} naming the lock and its owner; in fail mode the future wait throws (a lock acquisition
 * cannot), whichever wait closed the ring, and the program ends normally. Healthy twins (the lock let go
 * before the wait, a lock held by a thread that is not blocked, a task in {@code Object.wait}) run with
 * {@code deadlock=fail} and must stay silent.
 */
class LockDeadlockIT {
    /** Log mode: the ring hangs until main gives up; long enough for a re-check (at most 1 s apart) to find it. */
    private static final long LOG_OUTER_MILLIS = 4000;
    private static final long FAIL_OUTER_MILLIS = 10_000;
    private static final String EXCEPTION = DeadlockShapes.EXCEPTION;
    private static final List<List<String>> LOG_CASES = List.of(
            List.of("reentrant", "lock"), List.of("monitor", "lock"), List.of("reentrant", "future"));
    private static final List<List<String>> FAIL_CASES = List.of(
            List.of("reentrant", "lock"), List.of("monitor", "lock"), List.of("monitor", "future"));
    private static final List<List<String>> TWINS = List.of(
            List.of(LockReleasedBeforeWait.class.getName()),
            List.of(LockHeldByIdleThread.class.getName(), "reentrant"),
            List.of(LockHeldByIdleThread.class.getName(), "monitor"),
            List.of(ObjectWaitTask.class.getName()));

    @BeforeAll
    static void startAll() {
        for (Jdk jdk : Jdks.all().toList()) {
            for (List<String> args : LOG_CASES) {
                Prestart.start(key("log", jdk, args), () -> cycle(jdk, "log", args).run());
            }
            for (List<String> args : FAIL_CASES) {
                Prestart.start(key("fail", jdk, args), () -> cycle(jdk, "fail", args).run());
            }
            for (List<String> twin : TWINS) {
                Prestart.start(key("twin", jdk, twin), () -> twin(jdk, twin).run());
            }
        }
    }

    static Stream<Arguments> logCases() {
        return Jdks.crossedWith(LOG_CASES);
    }

    static Stream<Arguments> failCases() {
        return Jdks.crossedWith(FAIL_CASES);
    }

    static Stream<Arguments> twins() {
        return Jdks.crossedWith(TWINS);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("logCases")
    void cycleThroughALockIsReportedOnceAndHangs(Jdk jdk, List<String> args) {
        ChildJvm.Result r = Prestart.take(key("log", jdk, args), () -> cycle(jdk, "log", args).run()).result();
        Map<String, Object> event = checkReport(r, args.get(0));
        DeadlockShapes.noLine(r, "THREW ");
        DeadlockShapes.noLine(r, "WAIT ");
        Checks.printed(r, "OUTCOME a TIMEOUT");
        Checks.printed(r, "OUTCOME b TIMEOUT");
        List<String> inFlight = DeadlockShapes.inFlightThreads(r.report());
        assertTrue(inFlight.containsAll(List.of("lockp1-1", "lockp2-1")), () -> "both tasks stay stuck\n" + r.describe());
        assertFalse(r.stdout().contains(EXCEPTION), r::describe);
        assertTrue(event != null);
    }

    /** The future wait of the ring throws; a leaves the lock, b gets it; main sees a's failure and b's value. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("failCases")
    void theFutureWaitThrowsAndTheProgramEndsNormally(Jdk jdk, List<String> args) {
        ChildJvm.Result r = Prestart.take(key("fail", jdk, args), () -> cycle(jdk, "fail", args).run()).result();
        checkReport(r, args.get(0));
        String threw = DeadlockShapes.onlyLine(r, "THREW ");
        String prefix = "THREW a " + EXCEPTION + ": ";
        assertTrue(threw.startsWith(prefix + "deadlock: CYCLE: thread 'lockp1-1'"), () -> "a's wait throws\n" + r.describe());
        String message = threw.substring(prefix.length());
        assertTrue(message.contains("thread 'lockp2-1' of ") && message.contains(" waits to acquire ")
                && message.contains(" held by 'lockp1-1'"), () -> "the message names the lock wait\n" + r.describe());
        Checks.printed(r, "OUTCOME a FAILED java.util.concurrent.ExecutionException caused by " + EXCEPTION + ": " + message);
        Checks.printed(r, "OUTCOME b VALUE b");
        Checks.nothingLeft(r.report());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("twins")
    void healthyTwinsStaySilent(Jdk jdk, List<String> twin) {
        ChildJvm.Result r = Prestart.take(key("twin", jdk, twin), () -> twin(jdk, twin).run()).result();
        Checks.exitStatus(r, 0);
        Checks.printed(r, "DONE");
        assertTrue(r.stdoutStartingWith("VALUE ").size() == 1, r::describe);
        DeadlockShapes.noLine(r, "NEVER ");
        DeadlockShapes.noLine(r, "LATCH TIMED OUT");
        Report report = r.report();
        Checks.shutdownShape(report);
        Checks.nothingLeft(report);
        assertFalse(report.has("deadlock"), () -> "no deadlock here\n" + report.context());
        assertFalse(report.has("risk"), () -> "no risk here\n" + report.context());
        assertFalse(report.has("feature-disabled"), report::context);
        assertFalse(r.stdout().contains(EXCEPTION) || r.stderr().contains(EXCEPTION), r::describe);
        Checks.noStackTrace(r);
    }

    /**
     * {@code attach} on the same ring in a JVM without the agent: the one-shot snapshot has the lock edge,
     * the output says which lock b waits to acquire and who holds it, and so does its report.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("attachCases")
    void attachSeesTheRingThroughTheLock(Jdk jdk, String lockKind) throws Exception {
        ChildJvm.Running target = ChildJvm.on(jdk).noAgent().jvmFlags("-Dshape.outerMillis=60000")
                .label("attach-lockcycle-" + lockKind).main(LockFutureCycle.class, lockKind, "lock").start();
        try {
            target.awaitLine("LOCK BLOCKED");
            Path file = Files.createTempDirectory("attach-lock").resolve("attach.jsonl");
            AttachRun run = AttachRun.untilFound(jdk, 5, target.pid(), "--report", file);
            assertEquals(1, run.exit(), run.describe());
            assertTrue(run.stdout().contains("DEADLOCK CYCLE: each thread waits for a task that the next one is running,"
                    + " or for a lock that the next one holds, in a ring; none can finish first."), run.describe());
            assertTrue(run.stdout().stream().anyMatch(l -> l.startsWith("    waits to acquire " + lockClass(lockKind))
                    && l.endsWith(" held by 'lockp1-1'")), run.describe());
            Report report = Report.read(file, target.pid(), run::describe);
            Map<String, Object> event = report.single("deadlock");
            List<Map<String, Object>> threads = report.objects(event, "threads");
            assertEquals(List.of("lockp1-1", "lockp2-1"), threads.stream().map(t -> t.get("thread")).toList(), report::context);
            assertNull(report.field(threads.get(1), "waitsFor"), report::context);
            assertTrue(report.string(threads.get(1), "lock").startsWith(lockClass(lockKind)), report::context);
            assertTrue(report.string(threads.get(1), "lock").endsWith(" owned by 'lockp1-1'"), report::context);
        } finally {
            target.kill9();
        }
        AttachIT.assertNothingFromPoolguard(target.await());
    }

    static Stream<Arguments> attachCases() {
        return Jdks.crossedWith(List.of("reentrant", "monitor"));
    }

    private static String lockClass(String lockKind) {
        return lockKind.equals("monitor") ? "dev.poolguard.it.programs.lock.Guard$Ledger@"
                : "java.util.concurrent.locks.ReentrantLock$NonfairSync@";
    }

    /**
     * One deadlock event, CYCLE, not timed: a (the future waiter, first: its wait is the one that can
     * close and throw) waits for task b; b waits for no task but to acquire the lock, owned by a's thread.
     */
    private static Map<String, Object> checkReport(ChildJvm.Result r, String lockKind) {
        Checks.exitStatus(r, 0);
        Checks.printed(r, "END");
        Checks.printed(r, "LOCK BLOCKED");
        DeadlockShapes.noLine(r, "NEVER ");
        DeadlockShapes.noLine(r, "LATCH TIMED OUT");
        Report report = r.report();
        Checks.shutdownShape(report);
        Map<String, Object> event = report.single("deadlock");
        assertEquals("CYCLE", report.string(event, "kind"), report::context);
        assertEquals(false, report.field(event, "timed"), report::context);
        assertTrue(report.objects(event, "pools").isEmpty(), report::context);
        List<Map<String, Object>> threads = report.objects(event, "threads");
        assertEquals(List.of("lockp1-1", "lockp2-1"), threads.stream().map(t -> report.string(t, "thread")).toList(),
                () -> "the future waiter first, then the lock waiter\n" + report.context());
        Map<String, Object> a = threads.get(0);
        assertTrue(report.string(a, "pool").contains("(lockp1-)"), report::context);
        assertTrue(report.string(a, "task").contains("Task[a]"), report::context);
        assertTrue(report.string(a, "waitsFor").contains("Task[b]"), report::context);
        assertNull(report.field(a, "lock"), () -> "a waits for a task, not a lock\n" + report.context());
        assertTrue(report.strings(a, "stack").stream().anyMatch(DeadlockShapes::isWaitFrame), report::context);
        Map<String, Object> b = threads.get(1);
        assertTrue(report.string(b, "pool").contains("(lockp2-)"), report::context);
        assertTrue(report.string(b, "task").contains("Task[b]"), report::context);
        assertNull(report.field(b, "waitsFor"), () -> "b waits for a lock, not a task\n" + report.context());
        String lock = report.string(b, "lock");
        String lockClass = lockClass(lockKind);
        assertTrue(lock.matches("\\Q" + lockClass + "\\E[0-9a-f]+ owned by 'lockp1-1'"),
                () -> "lock should read " + lockClass + "HASH owned by 'lockp1-1': " + lock + "\n" + report.context());
        assertTrue(report.strings(b, "stack").stream().anyMatch(f -> f.startsWith(LockFutureCycle.class.getName())),
                report::context);
        DeadlockShapes.noAgentFrames(report, event);
        assertFalse(report.has("risk"), () -> "waits across pools are no risk\n" + report.context());
        String lockLine = "[poolguard]     waits to acquire " + lock.replace(" owned by ", " held by ");
        assertTrue(r.stderrLines().stream().anyMatch(l -> l.startsWith("[poolguard] ERROR DEADLOCK CYCLE")),
                () -> "the deadlock is logged at ERROR\n" + r.describe());
        assertTrue(r.stderrLines().contains(lockLine), () -> "the log says '" + lockLine + "'\n" + r.describe());
        return event;
    }

    private static ChildJvm cycle(Jdk jdk, String mode, List<String> args) {
        long outer = mode.equals("fail") ? FAIL_OUTER_MILLIS : LOG_OUTER_MILLIS;
        return ChildJvm.on(jdk).label(mode + "-lockcycle-" + String.join("-", args)).withReport()
                .agent("deadlock=" + mode + ",grace=200ms").jvmFlags("-Dshape.outerMillis=" + outer)
                .timeout(Duration.ofSeconds(40)).main(LockFutureCycle.class, args.toArray(new String[0]));
    }

    private static ChildJvm twin(Jdk jdk, List<String> twin) throws ClassNotFoundException {
        Class<?> program = Class.forName(twin.get(0));
        return ChildJvm.on(jdk).label("twin-" + program.getSimpleName() + (twin.size() > 1 ? "-" + twin.get(1) : ""))
                .withReport().agent("deadlock=fail,grace=200ms").timeout(Duration.ofSeconds(40))
                .main(program, twin.subList(1, twin.size()).toArray(new String[0]));
    }

    private static String key(String mode, Jdk jdk, List<String> args) {
        return "lock|" + mode + "|" + jdk.home() + "|" + String.join(" ", args);
    }
}
