package dev.poolguard.agent.events;

import java.util.List;
import java.util.Map;

import dev.poolguard.bootstrap.waits.DeadlockReport;
import dev.poolguard.bootstrap.waits.DeadlockReport.HeldLock;
import dev.poolguard.bootstrap.waits.DeadlockReport.PoolInfo;
import dev.poolguard.bootstrap.waits.DeadlockReport.ThreadInfo;
import dev.poolguard.bootstrap.waits.RiskReport;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary;
import dev.poolguard.bootstrap.shutdown.ShutdownTrigger;
import dev.poolguard.bootstrap.stalls.StallReport;

/**
 * One record per report event whose every field holds a value found nowhere else in it, so that a test
 * can tell where each field went. Numbers are odd enough not to occur by chance in the texts.
 */
final class Samples {
    static final StackTraceElement[] STACK_A = {new StackTraceElement("com.example.Alpha", "first", "Alpha.java", 4101)};
    static final StackTraceElement[] STACK_B = {new StackTraceElement("com.example.Beta", "second", "Beta.java", 4202)};

    private Samples() {
    }

    static Object of(EventSchema<?> schema) {
        switch (schema.event()) {
            case "agent-start":
                return new AgentEvents.Start("version-v1", "jdk-j1", Map.of("report", "option-o1"),
                        List.of("class-c1"), List.of("problem-p1"));
            case "deadlock":
                return new DeadlockReport("CYCLE", true, List.of(
                        new ThreadInfo("thread-t1", "pool-p1", "task-k1", "future-f1", STACK_A),
                        new ThreadInfo("thread-t2", "pool-p2", "task-k2", null, new HeldLock("lock-l1", "owner-o1"), STACK_B)),
                        List.of(new PoolInfo("pool-p1", "type-y1", 3301, 3302, 3303)));
            case "risk":
                return new RiskReport("SAME_POOL_WAIT", "pool-p3", "thread-t3", "site-s3", "future-f3", STACK_A);
            case "stall":
                return new StallReport("pool-p4", 3401, 3402, List.of(
                        new StallReport.Worker("thread-t4", "task-k4", "blocker-b4", STACK_B)));
            case "shutdown-start":
                return new ShutdownEvents.Start(ShutdownTrigger.SIGNAL, 3501);
            case "spawn-blocked":
                return new ShutdownEvents.SpawnBlocked("pool-p6", "thread-t6", STACK_A);
            case "shutdown-end":
                return new ShutdownSummary(3701, true, 3702, 3703,
                        List.of(new ShutdownSummary.InFlightTask("pool-p7", "thread-t7", "task-k7", STACK_B)),
                        List.of(new ShutdownSummary.QueuedTask("pool-p8", "task-k8"),
                                new ShutdownSummary.QueuedTask("pool-p9", "task-k9")),
                        List.of(new ShutdownSummary.ScheduledTask("pool-p10", "task-k10", 3704)));
            case "feature-disabled":
                return new AgentEvents.FeatureDisabled("feature-x1", "error-e1");
            case "attach":
                return new AgentEvents.Attach("jdk-j2", 3801, 3802, 3803);
            default:
                throw new AssertionError("no sample for " + schema.event() + ": add one");
        }
    }
}
