package dev.poolguard.agent.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.poolguard.agent.jfr.JfrEvents;
import dev.poolguard.agent.json.JsonWriter;
import dev.poolguard.agent.log.AgentLog;
import dev.poolguard.bootstrap.DeadlockReport;
import dev.poolguard.bootstrap.EventSink;
import dev.poolguard.bootstrap.RiskReport;
import dev.poolguard.bootstrap.ShutdownSummary;
import dev.poolguard.bootstrap.ShutdownSummary.InFlightTask;
import dev.poolguard.bootstrap.ShutdownSummary.QueuedTask;
import dev.poolguard.bootstrap.ShutdownSummary.ScheduledTask;
import dev.poolguard.bootstrap.ShutdownTrigger;
import dev.poolguard.bootstrap.StallReport;

/**
 * Turns what the runtime saw into report events (JSON Lines, INTERFACE.md "Report events"), JFR events
 * (INTERFACE.md "JFR events", emitted only while a recording runs; see {@link JfrEvents}) and log lines.
 * Never throws: a broken report file is said once in the log, and the application goes on.
 */
public final class ReportingSink implements EventSink {
    /** Refused spawns logged one by one before the log falls silent (the summary still counts them all). */
    private static final int SPAWN_WARNINGS = 3;
    /** Stack frames per task in the log (the report has them all). */
    private static final int LOG_FRAMES = 8;

    private final ReportFile report;
    /** 0 without a report: ProcessHandle's set-up loads some 40 JDK classes that nothing else needs. */
    private final long pid;
    private final AtomicInteger spawnWarnings = new AtomicInteger();
    private final AtomicBoolean reportBrokenSaid = new AtomicBoolean();

    public ReportingSink(ReportFile report) {
        this.report = report;
        this.pid = report == null ? 0 : ProcessHandle.current().pid();
    }

    /** The first event: what is running, with which options, and what was instrumented. */
    public void agentStarted(String version, Map<String, Object> options, List<String> instrumented,
                             List<String> problems) {
        Map<String, Object> event = event("agent-start");
        event.put("version", version);
        event.put("jdk", System.getProperty("java.runtime.version", System.getProperty("java.version")));
        event.put("options", options);
        event.put("instrumented", instrumented);
        event.put("problems", problems);
        write(event);
    }

    @Override
    public void shutdownStarted(ShutdownTrigger trigger, Integer status) {
        Map<String, Object> event = event("shutdown-start");
        event.put("trigger", trigger.name());
        event.put("status", status);
        write(event);
        JfrEvents.shutdownStarted(trigger, status);
    }

    @Override
    public void spawnBlocked(String poolId, String threadName, StackTraceElement[] stack) {
        Map<String, Object> event = event("spawn-blocked");
        event.put("pool", poolId);
        event.put("thread", threadName);
        event.put("stack", Frames.of(stack));
        write(event);
        JfrEvents.spawnBlocked(poolId, threadName, stack);
        int seen = spawnWarnings.incrementAndGet();
        if (seen <= SPAWN_WARNINGS) {
            log(true, "the JVM is shutting down: refused a new worker for pool " + poolId + ", asked for by thread '"
                    + threadName + "'" + (seen == SPAWN_WARNINGS ? " (further refusals are only counted)" : ""));
        }
    }

    @Override
    public void shutdownEnded(ShutdownSummary summary) {
        Map<String, Object> event = event("shutdown-end");
        event.put("drainMillis", summary.drainMillis());
        event.put("graceExpired", summary.graceExpired());
        event.put("spawnsBlocked", summary.spawnsBlocked());
        event.put("rejected", summary.rejected());
        List<Object> inFlight = new ArrayList<>();
        for (InFlightTask task : summary.inFlight()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("pool", task.pool());
            item.put("thread", task.thread());
            item.put("task", task.task());
            item.put("stack", Frames.of(task.stack()));
            inFlight.add(item);
        }
        event.put("inFlight", inFlight);
        List<Object> queued = new ArrayList<>();
        for (QueuedTask task : summary.queuedNeverRun()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("pool", task.pool());
            item.put("task", task.task());
            queued.add(item);
        }
        event.put("queuedNeverRun", queued);
        List<Object> scheduled = new ArrayList<>();
        for (ScheduledTask task : summary.scheduledNotDue()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("pool", task.pool());
            item.put("task", task.task());
            item.put("dueInMillis", task.dueInMillis());
            scheduled.add(item);
        }
        event.put("scheduledNotDue", scheduled);
        write(event);
        JfrEvents.shutdownEnded(summary);
        log(!summary.clean(), ShutdownSummaryText.of(summary, LOG_FRAMES));
    }

    @Override
    public void deadlock(DeadlockReport report) {
        Map<String, Object> event = DeadlockEvent.of(report, pid);
        write(event);
        JfrEvents.deadlock(report);
        try {
            AgentLog.error(DeadlockText.of(report, LOG_FRAMES), null);
        } catch (Throwable ignored) {
            // the report has it
        }
    }

    @Override
    public void risk(RiskReport report) {
        Map<String, Object> event = event("risk");
        event.put("kind", report.kind());
        event.put("pool", report.pool());
        event.put("thread", report.thread());
        event.put("site", report.site());
        event.put("waitsFor", report.waitsFor());
        event.put("stack", Frames.of(report.stack()));
        write(event);
        JfrEvents.risk(report);
        log(true, "risk " + report.kind() + ": a task of pool " + report.pool() + " (thread '" + report.thread()
                + "') blocks at " + report.site() + " on an unfinished task of the same pool: " + report.waitsFor()
                + ". Not a deadlock yet, but once every worker of the pool does this, none is left to run"
                + " what they wait for. Reported once per call site and pool.");
    }

    @Override
    public void stall(StallReport report) {
        write(StallEvent.of(report, pid, this.report != null));
        JfrEvents.stall(report);
        log(true, StallText.of(report, LOG_FRAMES));
    }

    @Override
    public void featureDisabled(String feature, Throwable cause) {
        Map<String, Object> event = event("feature-disabled");
        event.put("feature", feature);
        event.put("error", String.valueOf(cause));
        write(event);
        try {
            AgentLog.error("poolguard's " + feature + " failed and is now off; the application is not affected", cause);
        } catch (Throwable ignored) {
            // logging is broken too: the report has it
        }
    }

    /** Says once, in the log, that the installation found something it could not do. */
    public void installationProblem(String message) {
        log(true, message);
    }

    private Map<String, Object> event(String kind) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", kind);
        // without a report the event is only built, never written: skip java.time's formatting
        // (some 60 classes, at start-up and again inside System.exit)
        event.put("time", report == null ? null : Instant.now().toString());
        event.put("pid", pid);
        return event;
    }

    private void write(Map<String, Object> event) {
        if (report == null) {
            return;
        }
        try {
            if (!report.writeLine(JsonWriter.write(event)) && reportBrokenSaid.compareAndSet(false, true)) {
                log(true, "cannot write the report file " + report.path() + " any more; events go to this log only");
            }
        } catch (Throwable ignored) {
            // never let reporting break the host
        }
    }

    private static void log(boolean warn, String message) {
        try {
            if (warn) {
                AgentLog.warn(message);
            } else {
                AgentLog.info(message);
            }
        } catch (Throwable ignored) {
            // logging is best effort; the report is the record
        }
    }
}
