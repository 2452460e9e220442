package dev.poolguard.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.Checks;
import dev.poolguard.it.ChildJvm;
import dev.poolguard.it.Jdk;
import dev.poolguard.it.Report;

/**
 * Issue #5 part 5: no deadlock of poolguard's own under heavy concurrent load, and no false finding.
 * {@link HeavyLoad} hammers every hooked path from twelve threads (fan-out waits across pools,
 * CompletableFuture chains, timed waits, short-lived pools), then exits with the load still running. The
 * child must end on its own well within the timeout (a hang is poolguard's: the thread dump taken at the
 * timeout is in the failure message), the JVM must see no monitor deadlock, poolguard must report no
 * deadlock or risk (there is none) and no internal failure, and its report must end with a shutdown-end.
 */
class HeavyLoadIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void noHangNoFalseFindingUnderLoad(Jdk jdk) {
        ChildJvm child = ChildJvm.on(jdk).noAgent().label("heavy-load");
        Path report = child.logDir().resolve("report.jsonl");
        ChildJvm.Running running = child.agentFlag("report=" + report + ",deadlock=fail,grace=10s").report(report)
                .main(HeavyLoad.class, "3000").timeout(Duration.ofSeconds(45)).start();
        ChildJvm.Result r = running.await();
        String described = running.describe(r);
        assertFalse(r.timedOut(), () -> "the child hung under load\n" + described);
        assertEquals(0, r.exitCode(), described);
        assertTrue(r.stdoutLines().stream().noneMatch(l -> l.startsWith("JVM DEADLOCK")), described);
        assertTrue(r.stdoutLines().stream().noneMatch(l -> l.startsWith("CLIENT ERROR")),
                () -> "a wait failed under load (deadlock=fail throws only on a certain deadlock)\n" + described);
        List<String> ops = r.stdoutStartingWith("LOAD OPS ");
        assertEquals(1, ops.size(), described);
        long count = Long.parseLong(ops.get(0).split(" ")[2]);
        assertTrue(count > 200, () -> "too little load to mean anything: " + ops.get(0) + "\n" + described);
        Checks.printed(r, "SUPPRESSED 0");
        Report rep = r.report();
        assertFalse(rep.has("deadlock"), () -> "false deadlock under load\n" + rep.context());
        assertFalse(rep.has("risk"), () -> "false risk under load\n" + rep.context());
        assertFalse(rep.has("feature-disabled"), rep::context);
        // shutdown-end last, and its spawnsBlocked equal to the spawn-blocked events: with twelve threads
        // asking for workers while the drain ends, both depend on refusals and the end not racing
        Map<String, Object> end = Checks.shutdownShape(rep);
        assertEquals(Boolean.FALSE, rep.field(end, "graceExpired"), rep::context);
        System.out.println("HeavyLoadIT on " + jdk + ": " + ops.get(0) + ", drain " + rep.field(end, "drainMillis")
                + " ms, spawns blocked " + rep.field(end, "spawnsBlocked") + ", rejected " + rep.field(end, "rejected"));
    }
}
