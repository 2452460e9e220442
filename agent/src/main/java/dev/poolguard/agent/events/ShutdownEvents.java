package dev.poolguard.agent.events;

import static dev.poolguard.agent.events.Field.Type.FLAG;
import static dev.poolguard.agent.events.Field.Type.INT;
import static dev.poolguard.agent.events.Field.Type.MILLIS;
import static dev.poolguard.agent.events.Field.Type.OPTIONAL_INT;
import static dev.poolguard.agent.events.Field.Type.TEXT;

import dev.poolguard.bootstrap.shutdown.ShutdownSummary;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary.InFlightTask;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary.QueuedTask;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary.ScheduledTask;
import dev.poolguard.bootstrap.shutdown.ShutdownTrigger;

/** The shutdown guard's events (docs/contract.md, "Report events"): each field defined once. */
public final class ShutdownEvents {
    private ShutdownEvents() {
    }

    /** What {@code shutdown-start} reports: why the JVM is going down, and with which exit status. */
    public record Start(String trigger, Integer status) {
        public Start(ShutdownTrigger trigger, Integer status) {
            this(trigger.name(), status);
        }
    }

    /** What {@code spawn-blocked} reports: a new worker refused because the JVM is shutting down. */
    public record SpawnBlocked(String pool, String thread, StackTraceElement[] stack) {
    }

    public static final EventSchema<Start> START = EventSchema.event("shutdown-start", Start.class)
            .jfr("poolguard.ShutdownStart", "Shutdown Start", "The JVM began to shut down")
            .field("trigger", TEXT, "EXIT, SIGNAL, LAST_THREAD or UNKNOWN")
            .field("status", OPTIONAL_INT, "The exit status, when known")
            .build();

    public static final EventSchema<SpawnBlocked> SPAWN_BLOCKED = EventSchema.event("spawn-blocked", SpawnBlocked.class)
            .jfr("poolguard.SpawnBlocked", "Worker Spawn Refused",
                    "A pool was refused a new worker because the JVM is shutting down")
            .field("pool", TEXT, "The pool that asked for a worker")
            .field("thread", TEXT, "The thread whose submission asked for it")
            .stack("stack", "Where the spawn was asked for")
            .build();

    public static final EventSchema<InFlightTask> IN_FLIGHT = EventSchema.item(InFlightTask.class)
            .inline("pool", TEXT, "still running in %s", "", "The pool")
            .inline("thread", TEXT, "on thread '%s'", "", "The worker running it")
            .inline("task", TEXT, ": %s", "", "The task")
            .stack("stack", "Where it was at the halt")
            .build();

    public static final EventSchema<QueuedTask> QUEUED = EventSchema.item(QueuedTask.class)
            .inline("pool", TEXT, "queued in %s", "", "The pool")
            .inline("task", TEXT, ", never started: %s", "", "The task")
            .build();

    public static final EventSchema<ScheduledTask> SCHEDULED = EventSchema.item(ScheduledTask.class)
            .inline("pool", TEXT, "timer in %s", "", "The pool")
            .inline("task", TEXT, ": %s", "", "The task")
            .inline("dueInMillis", MILLIS, "(due in %s ms)", "", "When it is due")
            .build();

    public static final EventSchema<ShutdownSummary> END = EventSchema.event("shutdown-end", ShutdownSummary.class)
            .jfr("poolguard.ShutdownEnd", "Shutdown End", "What the JVM left undone when it halted")
            .field("drainMillis", MILLIS, "How long in-flight work was waited for")
            .field("graceExpired", FLAG, "The grace period ran out")
            .field("spawnsBlocked", INT, "Worker spawns refused")
            .field("rejected", INT, "Submissions refused because of shutdown")
            .field("undone", INT,
                    "Tasks left undone: running at the halt, or queued and never started")
            .items("inFlight", IN_FLIGHT, "Tasks still running when the JVM halted")
            .items("queuedNeverRun", QUEUED, "Tasks accepted but never started")
            .items("scheduledNotDue", SCHEDULED,
                    "Delayed tasks not due yet and periodic tasks: timers, not work left undone")
            .build();
}
