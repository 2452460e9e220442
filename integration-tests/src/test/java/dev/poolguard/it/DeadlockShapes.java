package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

import dev.poolguard.it.programs.deadlock.CycleAsyncStages;
import dev.poolguard.it.programs.deadlock.CycleRingOfThree;
import dev.poolguard.it.programs.deadlock.CycleThroughMain;
import dev.poolguard.it.programs.deadlock.CycleTwoTasks;
import dev.poolguard.it.programs.deadlock.SelfWaitAsyncStage;
import dev.poolguard.it.programs.deadlock.SelfWaitFutureTask;
import dev.poolguard.it.programs.deadlock.SelfWaitMainRun;
import dev.poolguard.it.programs.deadlock.StarveBoundedQueue;
import dev.poolguard.it.programs.deadlock.StarveCompletableFuture;
import dev.poolguard.it.programs.deadlock.StarveCrossPool;
import dev.poolguard.it.programs.deadlock.StarveFixedTwo;
import dev.poolguard.it.programs.deadlock.StarveInvokeAll;
import dev.poolguard.it.programs.deadlock.StarveScheduled;
import dev.poolguard.it.programs.deadlock.StarveSingleThread;
import dev.poolguard.it.programs.deadlock.StarveSubclass;
import dev.poolguard.it.programs.deadlock.StarveUnboundedCoreBelowMax;
import dev.poolguard.it.programs.deadlock.TimedStarvation;
import dev.poolguard.it.programs.deadlock.VirtualCycle;
import dev.poolguard.it.programs.deadlock.VirtualSelfWait;

/**
 * The deadlock shapes of {@code programs.deadlock} and what poolguard must say about each: the table that
 * {@link DeadlockIT} (deadlock=log) and {@link FailModeIT} (deadlock=fail) run, and the checks they share.
 *
 * <p>Every program forms its shape deterministically and names its threads and tasks, so the expected
 * deadlock event is exact: the kind, the closing thread first, every thread with its pool, task and
 * awaited task, and for starvation every pool with its size and queue.
 */
final class DeadlockShapes {
    static final String TPE = "java.util.concurrent.ThreadPoolExecutor";
    static final String EXCEPTION = "dev.poolguard.DeadlockDetectedException";
    /** Main's outer wait in log mode: the shape hangs, main gives up after this and exits. */
    static final long LOG_OUTER_MILLIS = 1500;
    /** In fail mode the outcome comes at once; the bound only guards against a loaded machine. */
    static final long FAIL_OUTER_MILLIS = 5000;

    private DeadlockShapes() {}

    /**
     * One thread of the expected deadlock event.
     *
     * @param pool    a fragment of its pool id, or null: the thread is in no pool ({@code pool} is null)
     * @param task    a fragment of the task it runs, or null: not checked (may be null)
     * @param waitsFor a fragment of the task it waits on
     */
    record T(String name, String pool, String task, String waitsFor) {}

    /** One pool of the expected event; {@code maxWorkers} null: not checked. */
    record P(String id, String type, int workers, Integer maxWorkers, int queued) {}

    /**
     * A shape.
     *
     * @param label      the wait that closes it: the program prints {@code THREW label ...} when it throws,
     *                   and main's {@code OUTCOME label ...} is the wait on the task that ran it
     * @param threads    the closing thread first
     * @param pools      checked exactly for STARVATION; for the other kinds every listed pool must be well formed
     * @param risks      how many risk events the program causes (a wait that starts before the shape closes
     *                   may be a same-pool wait)
     * @param mainInShape main itself is in the shape, or blocked on it for good (an untimed wait): in log mode
     *                   its watchdog ends the JVM
     * @param virtual    needs virtual threads (JDK 21+)
     */
    record Shape(String name, Class<?> program, String kind, String label, List<T> threads, List<P> pools,
                 int risks, boolean mainInShape, boolean virtual) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Shape> SHAPES = List.of(
            // SELF_WAIT
            new Shape("self-wait FutureTask in a pool", SelfWaitFutureTask.class, "SELF_WAIT", "me",
                    List.of(new T("selfwait-1", "(selfwait-)", "Task[me]", "Task[me]")), List.of(), 0, false, false),
            new Shape("self-wait CompletableFuture async stage", SelfWaitAsyncStage.class, "SELF_WAIT", "me",
                    List.of(new T("cfself-1", "(cfself-)", "CompletableFuture$AsyncSupply", "CompletableFuture@")),
                    List.of(), 0, false, false),
            new Shape("self-wait main runs the FutureTask", SelfWaitMainRun.class, "SELF_WAIT", "main-run",
                    List.of(new T("main", null, null, "Task[main-run]")), List.of(), 0, true, false),
            // STARVATION
            new Shape("starvation single-thread submit-and-wait", StarveSingleThread.class, "STARVATION", "outer",
                    List.of(new T("single-1", "(single-)", "Task[outer]", "Task[inner]")),
                    List.of(new P("(single-)", TPE, 1, 1, 1)), 0, false, false),
            new Shape("starvation fixed pool of two", StarveFixedTwo.class, "STARVATION", "b",
                    List.of(new T("fixed2-2", "(fixed2-)", "Task[b]", "Task[inner-b]"),
                            new T("fixed2-1", "(fixed2-)", "Task[a]", "Task[inner-a]")),
                    List.of(new P("(fixed2-)", TPE, 2, 2, 2)), 1, false, false),
            new Shape("starvation invokeAll onto own pool", StarveInvokeAll.class, "STARVATION", "b",
                    List.of(new T("invokeall-2", "(invokeall-)", "Task[b]", "Task[b-sub-1]"),
                            new T("invokeall-1", "(invokeall-)", "Task[a]", "Task[a-sub-1]")),
                    List.of(new P("(invokeall-)", TPE, 2, 2, 4)), 1, false, false),
            new Shape("starvation across two pools", StarveCrossPool.class, "STARVATION", "a",
                    List.of(new T("cross-p1-1", "(cross-p1-)", "Task[a]", "Task[a-in-p2]"),
                            new T("cross-p2-1", "(cross-p2-)", "Task[b]", "Task[b-in-p1]")),
                    List.of(new P("(cross-p1-)", TPE, 1, 1, 1), new P("(cross-p2-)", TPE, 1, 1, 1)), 0, false, false),
            new Shape("starvation ThreadPoolExecutor subclass", StarveSubclass.class, "STARVATION", "outer",
                    List.of(new T("audit-1", "AuditingPool#", "Task[outer]", "Task[inner]")),
                    List.of(new P("AuditingPool#", StarveSubclass.class.getName() + "$AuditingPool", 1, 1, 1)),
                    0, false, false),
            new Shape("starvation ScheduledThreadPoolExecutor", StarveScheduled.class, "STARVATION", "outer",
                    List.of(new T("sched-1", "ScheduledThreadPoolExecutor#", "Task[outer]", "Task[inner]")),
                    List.of(new P("(sched-)", "java.util.concurrent.ScheduledThreadPoolExecutor", 1, null, 1)),
                    0, false, false),
            new Shape("starvation supplyAsync join in own pool", StarveCompletableFuture.class, "STARVATION", "outer",
                    List.of(new T("cfpool-1", "(cfpool-)", "Task[outer]", "CompletableFuture@")),
                    List.of(new P("(cfpool-)", TPE, 1, 1, 1)), 0, false, false),
            // a pool that could grow past its core, but will not: an unbounded queue (shape 8 of issue 13), or a
            // bounded one that nobody can fill (SPR-11418: main, the only other submitter, waits on the tasks)
            new Shape("starvation unbounded queue, core 1 < max 4", StarveUnboundedCoreBelowMax.class, "STARVATION",
                    "outer", List.of(new T("unbounded-1", "(unbounded-)", "Task[outer]", "Task[inner]")),
                    List.of(new P("(unbounded-)", TPE, 1, 4, 1)), 0, false, false),
            new Shape("starvation bounded queue nobody fills, core 5 < max 10 (SPR-11418)", StarveBoundedQueue.class,
                    "STARVATION", "outer-5",
                    List.of(new T("spr-5", "(spr-)", "Task[outer-5]", "Task[inner-5]"),
                            new T("spr-1", "(spr-)", "Task[outer-1]", "Task[inner-1]"),
                            new T("spr-2", "(spr-)", "Task[outer-2]", "Task[inner-2]"),
                            new T("spr-3", "(spr-)", "Task[outer-3]", "Task[inner-3]"),
                            new T("spr-4", "(spr-)", "Task[outer-4]", "Task[inner-4]")),
                    List.of(new P("(spr-)", TPE, 5, 10, 5)), 1, true, false),
            // CYCLE
            new Shape("cycle two tasks", CycleTwoTasks.class, "CYCLE", "b",
                    List.of(new T("cycle2-2", "(cycle2-)", "Task[b]", "Task[a]"),
                            new T("cycle2-1", "(cycle2-)", "Task[a]", "Task[b]")), List.of(), 1, false, false),
            new Shape("cycle ring of three across two pools", CycleRingOfThree.class, "CYCLE", "c",
                    List.of(new T("ring-p2-1", "(ring-p2-)", "Task[c]", "Task[a]"),
                            new T("ring-p1-1", "(ring-p1-)", "Task[a]", "Task[b]"),
                            new T("ring-p1-2", "(ring-p1-)", "Task[b]", "Task[c]")), List.of(), 1, false, false),
            new Shape("cycle through main", CycleThroughMain.class, "CYCLE", "main-side",
                    List.of(new T("main", null, null, "Task[pool-side]"),
                            new T("viamain-1", "(viamain-)", "Task[pool-side]", "Task[main-side]")),
                    List.of(), 0, true, false),
            new Shape("cycle CompletableFuture stages", CycleAsyncStages.class, "CYCLE", "b",
                    List.of(new T("cfcycle-2", "(cfcycle-)", "CompletableFuture$AsyncSupply", "CompletableFuture@"),
                            new T("cfcycle-1", "(cfcycle-)", "CompletableFuture$AsyncSupply", "CompletableFuture@")),
                    List.of(), 1, false, false),
            // virtual threads (JDK 21+)
            new Shape("virtual self-wait", VirtualSelfWait.class, "SELF_WAIT", "vme",
                    List.of(new T("vt-self", null, null, "Task[vme]")), List.of(), 0, false, true),
            new Shape("virtual cycle", VirtualCycle.class, "CYCLE", "vb",
                    List.of(new T("vt-b", null, null, "Task[va]"), new T("vt-a", null, null, "Task[vb]")),
                    List.of(), 0, false, true));

    /** A starvation whose closing wait has a timeout ({@code get(1, SECONDS)}): timed, never thrown. */
    static final Shape TIMED = new Shape("timed starvation", TimedStarvation.class,
            "STARVATION", "outer", List.of(new T("timed-1", "(timed-)", "Task[outer]", "Task[inner]")),
            List.of(new P("(timed-)", TPE, 1, 1, 1)), 0, false, false);

    /** The deadlock demos of poolguard-demos.jar and the kind each must be reported as. */
    static final Map<String, String> DEMOS = Map.of(
            "self-wait", "SELF_WAIT", "submit-and-wait", "STARVATION", "mutual-wait", "CYCLE");

    static Stream<Arguments> jdksAndDemos() {
        return Jdks.crossedWith(List.of("self-wait", "submit-and-wait", "mutual-wait"));
    }

    /** Every JDK crossed with every shape. */
    static Stream<Arguments> jdksAndShapes() {
        return Jdks.all().flatMap(jdk -> SHAPES.stream().map(shape -> Arguments.of(jdk, shape)));
    }

    static boolean runsOn(Shape shape, Jdk jdk) {
        return !shape.virtual() || jdk.feature() >= 21;
    }

    static String key(String mode, Jdk jdk, Shape shape) {
        return "shape|" + mode + "|" + jdk.home() + "|" + shape.name();
    }

    /** The child for {@code shape} with {@code deadlock=mode}, a short drain, and the outer wait the mode needs. */
    static ChildJvm child(Jdk jdk, Shape shape, String mode) {
        long outer = mode.equals("fail") ? FAIL_OUTER_MILLIS : LOG_OUTER_MILLIS;
        return ChildJvm.on(jdk).label(mode + "-" + shape.program().getSimpleName()).withReport()
                .agent("deadlock=" + mode + ",grace=200ms")
                .jvmFlags("-Dshape.outerMillis=" + outer)
                .timeout(Duration.ofSeconds(40))
                .main(shape.program());
    }

    // ---- checks shared by log and fail mode

    /**
     * The report of a run of {@code shape}: agent-start first, the shutdown events well formed, exactly one
     * deadlock event as the shape says, the expected number of risk events, the deadlock logged.
     *
     * @return the deadlock event
     */
    static Map<String, Object> checkReport(ChildJvm.Result r, Shape shape) {
        Checks.exitStatus(r, 0);
        Checks.printed(r, "END");
        noLine(r, "NEVER "); // the program's own handshakes (awaitParked, settle) all succeeded
        noLine(r, "LATCH TIMED OUT");
        Report report = r.report();
        Checks.shutdownShape(report);
        Checks.shutdownStart(report, "EXIT", 0);
        Map<String, Object> event = report.single("deadlock");
        checkEvent(report, event, shape, false);
        List<Map<String, Object>> risks = report.events("risk");
        assertEquals(shape.risks(), risks.size(), () -> "risk events\n" + report.context());
        for (Map<String, Object> risk : risks) {
            // a wait that began before the shape closed; its site may be a JDK frame (invokeAll): RiskIT checks sites
            checkRisk(report, risk, null);
        }
        assertTrue(r.stderrLines().stream().anyMatch(l -> l.startsWith("[poolguard] ERROR DEADLOCK " + shape.kind())),
                () -> "the deadlock is logged at ERROR on stderr\n" + r.describe());
        return event;
    }

    /** The deadlock event, field by field. */
    static void checkEvent(Report report, Map<String, Object> event, Shape shape, boolean timed) {
        assertEquals(shape.kind(), report.string(event, "kind"), report::context);
        assertEquals(timed, report.field(event, "timed"), () -> "timed\n" + report.context());
        List<Map<String, Object>> threads = report.objects(event, "threads");
        List<String> names = threads.stream().map(t -> report.string(t, "thread")).toList();
        List<String> expectedNames = shape.threads().stream().map(T::name).toList();
        assertEquals(expectedNames.get(0), names.isEmpty() ? null : names.get(0),
                () -> "the thread whose wait closed the deadlock comes first\n" + report.context());
        assertEquals(expectedNames.stream().sorted().toList(), names.stream().sorted().toList(),
                () -> "the threads of the deadlock\n" + report.context());
        String programFrame = shape.program().getName() + ".";
        for (T expected : shape.threads()) {
            Map<String, Object> thread = threads.stream()
                    .filter(t -> expected.name().equals(t.get("thread"))).findFirst().orElseThrow();
            Object pool = report.field(thread, "pool");
            if (expected.pool() == null) {
                assertEquals(null, pool, () -> expected.name() + " is in no pool\n" + report.context());
            } else {
                assertTrue(pool instanceof String p && p.contains(expected.pool()),
                        () -> expected.name() + ": pool should contain " + expected.pool() + "\n" + report.context());
            }
            Object task = report.field(thread, "task");
            if (expected.task() != null) {
                assertTrue(task instanceof String t && t.contains(expected.task()),
                        () -> expected.name() + ": task should contain " + expected.task() + "\n" + report.context());
            } else {
                assertTrue(task == null || task instanceof String, report::context);
            }
            assertTrue(report.string(thread, "waitsFor").contains(expected.waitsFor()),
                    () -> expected.name() + ": waitsFor should contain " + expected.waitsFor() + "\n" + report.context());
            List<String> stack = report.strings(thread, "stack");
            assertFalse(stack.isEmpty(), () -> expected.name() + ": empty stack\n" + report.context());
            assertTrue(stack.stream().allMatch(f -> f.matches("\\S+\\.[^.(]+\\(.*\\)")),
                    () -> expected.name() + ": frames should read class.method(File:line)\n" + report.context());
            assertTrue(stack.stream().anyMatch(f -> f.startsWith(programFrame)),
                    () -> expected.name() + ": no frame of " + programFrame + "\n" + report.context());
            assertTrue(stack.stream().anyMatch(DeadlockShapes::isWaitFrame),
                    () -> expected.name() + ": no frame of the future's wait\n" + report.context());
        }
        noAgentFrames(report, event);
        List<Map<String, Object>> pools = report.objects(event, "pools");
        for (Map<String, Object> pool : pools) {
            report.string(pool, "id");
            report.string(pool, "type");
            assertTrue(report.number(pool, "workers") >= 0, report::context);
            assertTrue(report.number(pool, "maxWorkers") >= 1, report::context);
            assertTrue(report.number(pool, "queued") >= 0, report::context);
            String id = report.string(pool, "id");
            assertTrue(shape.threads().stream().anyMatch(t -> t.pool() != null && id.contains(t.pool())),
                    () -> "pool " + id + " is none of the deadlocked threads' pools\n" + report.context());
        }
        if (shape.kind().equals("STARVATION")) {
            assertEquals(shape.pools().size(), pools.size(), () -> "pools of the starvation\n" + report.context());
            for (P expected : shape.pools()) {
                Map<String, Object> pool = pools.stream()
                        .filter(p -> String.valueOf(p.get("id")).contains(expected.id())).findFirst()
                        .orElseThrow(() -> report.failure("no pool whose id contains " + expected.id()));
                assertEquals(expected.type(), report.string(pool, "type"), report::context);
                assertEquals(expected.workers(), report.number(pool, "workers"), () -> "workers\n" + report.context());
                if (expected.maxWorkers() != null) {
                    assertEquals((long) expected.maxWorkers(), report.number(pool, "maxWorkers"),
                            () -> "maxWorkers\n" + report.context());
                }
                assertEquals(expected.queued(), report.number(pool, "queued"), () -> "queued\n" + report.context());
            }
        }
    }

    /**
     * No thread's stack in the deadlock event shows poolguard's own runtime: each is where the application
     * waits, not a moment of poolguard's bookkeeping.
     */
    static void noAgentFrames(Report report, Map<String, Object> event) {
        for (Map<String, Object> thread : report.objects(event, "threads")) {
            List<String> internal = report.strings(thread, "stack").stream().filter(DeadlockShapes::isAgentFrame).toList();
            assertTrue(internal.isEmpty(), () -> "the stack of '" + thread.get("thread") + "' shows poolguard's own frames "
                    + internal + "\n" + report.context());
        }
    }

    static boolean isAgentFrame(String frame) {
        return frame.startsWith("dev.poolguard.") && !frame.startsWith("dev.poolguard.it.")
                && !frame.startsWith("dev.poolguard.demo.");
    }

    static boolean isWaitFrame(String frame) {
        return frame.startsWith("java.util.concurrent.FutureTask.awaitDone(")
                || frame.startsWith("java.util.concurrent.CompletableFuture.waitingGet(")
                || frame.startsWith("java.util.concurrent.CompletableFuture.timedGet(")
                || frame.startsWith("java.util.concurrent.ExecutorCompletionService.take(")
                || frame.startsWith("java.util.concurrent.ExecutorCompletionService.poll(")
                || dev.poolguard.it.programs.deadlock.GuavaWaitFrames.is(frame);
    }

    /**
     * A risk event's fields: SAME_POOL_WAIT, pool, thread, a site {@code class.method(File:line)} that is a
     * frame of {@code program}'s package (unless {@code program} is null), a stack holding the site.
     */
    static void checkRisk(Report report, Map<String, Object> risk, Class<?> program) {
        assertEquals("SAME_POOL_WAIT", report.string(risk, "kind"), report::context);
        report.string(risk, "pool");
        report.string(risk, "thread");
        String site = report.string(risk, "site");
        assertTrue(site.matches("\\S+\\.[^.(]+\\([^:()]+\\.java:\\d+\\)"),
                () -> "site should read class.method(File:line): " + site + "\n" + report.context());
        if (program != null) {
            assertTrue(site.startsWith(program.getPackageName() + "."),
                    () -> "the site should be the program's own frame: " + site + "\n" + report.context());
        }
        List<String> stack = report.strings(risk, "stack");
        assertTrue(stack.contains(site), () -> "the stack should hold the site " + site + "\n" + report.context());
    }

    /** The thread names of shutdown-end.inFlight. */
    static List<String> inFlightThreads(Report report) {
        Map<String, Object> end = report.single("shutdown-end");
        List<String> threads = new ArrayList<>();
        for (Map<String, Object> task : report.objects(end, "inFlight")) {
            threads.add(report.string(task, "thread"));
        }
        return threads;
    }

    /** The one stdout line starting with {@code prefix}; fails if none or several. */
    static String onlyLine(ChildJvm.Result r, String prefix) {
        List<String> lines = r.stdoutStartingWith(prefix);
        assertEquals(1, lines.size(), () -> "expected exactly one line starting with '" + prefix + "'\n" + r.describe());
        return lines.get(0);
    }

    static void noLine(ChildJvm.Result r, String prefix) {
        assertTrue(r.stdoutStartingWith(prefix).isEmpty(),
                () -> "expected no line starting with '" + prefix + "'\n" + r.describe());
    }
}
