package dev.poolguard.agent.events;

import static dev.poolguard.agent.events.Field.Type.FLAG;
import static dev.poolguard.agent.events.Field.Type.INT;
import static dev.poolguard.agent.events.Field.Type.MILLIS;
import static dev.poolguard.agent.events.Field.Type.TEXT;

import dev.poolguard.bootstrap.waits.DeadlockReport;
import dev.poolguard.bootstrap.waits.DeadlockReport.PoolInfo;
import dev.poolguard.bootstrap.waits.DeadlockReport.ThreadInfo;
import dev.poolguard.bootstrap.waits.RiskReport;
import dev.poolguard.bootstrap.stalls.StallReport;

/** The events about waits (docs/contract.md, "Report events"): deadlock, risk and stall, each field once. */
public final class WaitEvents {
    private WaitEvents() {
    }

    public static final EventSchema<ThreadInfo> THREAD = EventSchema.item(ThreadInfo.class)
            .inline("thread", TEXT, "thread '%s'", "", "The thread")
            .inline("pool", TEXT, "of pool %s", "(not a pool thread)", "Its pool, if any")
            .line("task", TEXT, "runs %s", "The task it runs")
            .line("waitsFor", TEXT, "waits for %s", "The task it waits for")
            .line("lock", TEXT, "lockText", "lockHeldBy", "waits to acquire %s", "The lock it waits to acquire, and the thread holding it")
            .stack("stack", "Its stack")
            .build();

    public static final EventSchema<PoolInfo> POOL = EventSchema.item(PoolInfo.class)
            .inline("id", TEXT, "pool %s", "", "The pool")
            .inline("type", TEXT, "(%s)", "", "Its class")
            .inline("workers", INT, ": %s", "", "Its workers")
            .inline("maxWorkers", INT, "of at most %s workers,", "", "Its maximum workers")
            .inline("queued", INT, "%s tasks queued", "", "Tasks queued in it")
            .build();

    public static final EventSchema<DeadlockReport> DEADLOCK = EventSchema.event("deadlock", DeadlockReport.class)
            .jfr("poolguard.Deadlock", "Task Deadlock", "Threads that wait on pool tasks which can never finish: a"
                    + " task waiting on its own result, a ring of tasks (or locks) waiting on each other, or tasks"
                    + " queued in a pool whose every worker waits")
            .field("kind", TEXT, "SELF_WAIT, CYCLE or STARVATION")
            .field("timed", FLAG, "A wait in it has a timeout, so it will end by itself")
            .items("threads", THREAD, "Each thread in it: its pool, the task it runs, the"
                    + " task it waits for (or the lock it waits to acquire, and the thread holding it), and its stack")
            .items("pools", POOL, "Each pool involved: workers, maximum workers, tasks queued")
            .build();

    public static final EventSchema<RiskReport> RISK = EventSchema.event("risk", RiskReport.class)
            .jfr("poolguard.Risk", "Same-Pool Wait", "A pool task waits on an unfinished task of its own pool: a"
                    + " deadlock once every worker of the pool does this")
            .field("kind", TEXT, "SAME_POOL_WAIT")
            .field("pool", TEXT, "The pool")
            .field("thread", TEXT, "The waiting worker")
            .field("site", TEXT, "The frame that called the wait")
            .field("waitsFor", TEXT, "The task it waits for")
            .stack("stack", "Its stack")
            .build();

    public static final EventSchema<StallReport.Worker> STALLED = EventSchema.item(StallReport.Worker.class)
            .inline("thread", TEXT, "thread '%s'", "", "The worker")
            .line("task", TEXT, "runs %s", "The task it runs")
            .line("blockedOn", TEXT, "blocked on %s", "What it is blocked on, in words")
            .stack("stack", "Its stack")
            .build();

    public static final EventSchema<StallReport> STALL = EventSchema.event("stall", StallReport.class)
            .jfr("poolguard.Stall", "Pool Stall", "A pool's queued task has not started for the stall time while"
                    + " every worker of the pool is blocked. Emitted once per pool until one of its queued tasks"
                    + " starts again")
            .field("pool", TEXT, "The pool")
            .field("queued", INT, "Tasks queued in the pool")
            .field("oldestQueuedMillis", MILLIS,
                    "How long the oldest queued task has waited to start")
            .items("threads", STALLED,
                    "Each worker of the pool: the task it runs, what it is blocked on, and its stack")
            .build();
}
