package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.HookNeedsIdlePool;

/** A shutdown hook that must start a new worker in an idle pool (programs.HookNeedsIdlePool). */
class HookSpawnsIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void allowLetsTheHookSpawnAWorker(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("hook-allow").withReport().agent("hookSpawns=allow")
                .main(HookNeedsIdlePool.class, "20000").run();
        Checks.exitStatus(r, 0);
        Checks.printed(r, "pool idle 0");
        Checks.printed(r, "hook task ran");
        Checks.printed(r, "hook got hook-result");
        Report report = r.report();
        Map<String, Object> end = Checks.shutdownShape(report);
        Checks.shutdownStart(report, "EXIT", 0);
        assertFalse(report.has("spawn-blocked"), report::context);
        assertEquals(0L, report.number(end, "spawnsBlocked"), report::context);
        Checks.nothingLeft(report);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void blockRefusesTheSpawnAndListsTheTask(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("hook-block").withReport().agent("hookSpawns=block,grace=500ms")
                .main(HookNeedsIdlePool.class, "1000").run();
        Checks.exitStatus(r, 0);
        Checks.printed(r, "pool idle 0");
        Checks.notPrinted(r, "hook task ran");
        // an unbounded LinkedBlockingQueue silently queues the task when no worker may start
        Checks.printed(r, "hook timed out");
        Report report = r.report();
        Map<String, Object> end = Checks.shutdownShape(report);
        List<Map<String, Object>> blocked = report.events("spawn-blocked");
        assertFalse(blocked.isEmpty(), () -> "expected a spawn-blocked event\n" + report.context());
        Map<String, Object> first = blocked.get(0);
        assertEquals("app-hook", report.string(first, "thread"), report::context);
        assertFalse(report.string(first, "pool").isBlank(), report::context);
        assertTrue(report.strings(first, "stack").stream().anyMatch(f -> f.contains("HookNeedsIdlePool")),
                () -> "the spawn-blocked stack should show the hook's code\n" + report.context());
        assertTrue(report.number(end, "spawnsBlocked") >= 1, report::context);
        Map<String, Object> queued = Checks.taskNamed(report, report.objects(end, "queuedNeverRun"), "HookTask[flush]");
        assertEquals(report.string(first, "pool"), report.string(queued, "pool"),
                () -> "the queued task's pool is the one whose spawn was blocked\n" + report.context());
    }
}
