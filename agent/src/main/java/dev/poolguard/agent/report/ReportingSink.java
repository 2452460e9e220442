package dev.poolguard.agent.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.poolguard.agent.events.AgentEvents;
import dev.poolguard.agent.events.EventSchema;
import dev.poolguard.agent.events.ShutdownEvents;
import dev.poolguard.agent.events.WaitEvents;
import dev.poolguard.agent.jfr.JfrEvents;
import dev.poolguard.agent.json.JsonWriter;
import dev.poolguard.agent.log.AgentLog;
import dev.poolguard.bootstrap.waits.DeadlockReport;
import dev.poolguard.bootstrap.EventSink;
import dev.poolguard.bootstrap.waits.RiskReport;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary;
import dev.poolguard.bootstrap.shutdown.ShutdownTrigger;
import dev.poolguard.bootstrap.stalls.StallReport;

/**
 * Turns what the runtime saw into its three forms, each derived from the event's schema
 * ({@code dev.poolguard.agent.events}): a JSON Lines report event ({@link EventJson}), a JFR event while a
 * recording runs ({@link JfrEvents}), and log lines ({@link LogText}). Never throws: a broken report file
 * is said once in the log, and the application goes on.
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
        if (report == null) {
            return; // nothing to write: the event's schema is not even built
        }
        String jdk = System.getProperty("java.runtime.version", System.getProperty("java.version"));
        write(AgentEvents.START, new AgentEvents.Start(version, jdk, options, instrumented, problems));
    }

    @Override
    public void shutdownStarted(ShutdownTrigger trigger, Integer status) {
        ShutdownEvents.Start start = new ShutdownEvents.Start(trigger, status);
        write(ShutdownEvents.START, start);
        JfrEvents.emit(ShutdownEvents.START, start);
    }

    @Override
    public void spawnBlocked(String poolId, String threadName, StackTraceElement[] stack) {
        ShutdownEvents.SpawnBlocked blocked = new ShutdownEvents.SpawnBlocked(poolId, threadName, stack);
        write(ShutdownEvents.SPAWN_BLOCKED, blocked);
        JfrEvents.emit(ShutdownEvents.SPAWN_BLOCKED, blocked);
        int seen = spawnWarnings.incrementAndGet();
        if (seen <= SPAWN_WARNINGS) {
            log(true, LogText.spawnBlocked(blocked, seen == SPAWN_WARNINGS, LOG_FRAMES));
        }
    }

    @Override
    public void shutdownEnded(ShutdownSummary summary) {
        write(ShutdownEvents.END, summary);
        JfrEvents.emit(ShutdownEvents.END, summary);
        log(!summary.clean(), LogText.shutdownEnded(summary, LOG_FRAMES));
    }

    @Override
    public void deadlock(DeadlockReport report) {
        write(WaitEvents.DEADLOCK, report);
        JfrEvents.emit(WaitEvents.DEADLOCK, report);
        try {
            AgentLog.error(LogText.deadlock(report, LOG_FRAMES), null);
        } catch (Throwable ignored) {
            // the report has it
        }
    }

    @Override
    public void risk(RiskReport report) {
        write(WaitEvents.RISK, report);
        JfrEvents.emit(WaitEvents.RISK, report);
        log(true, LogText.risk(report, LOG_FRAMES));
    }

    @Override
    public void stall(StallReport report) {
        write(WaitEvents.STALL, report);
        JfrEvents.emit(WaitEvents.STALL, report);
        log(true, LogText.stall(report, LOG_FRAMES));
    }

    @Override
    public void featureDisabled(String feature, Throwable cause) {
        write(AgentEvents.FEATURE_DISABLED, new AgentEvents.FeatureDisabled(feature, String.valueOf(cause)));
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

    private <R> void write(EventSchema<R> schema, R record) {
        if (report == null) {
            return; // without a report the event is never built: no java.time formatting at start-up or exit
        }
        try {
            String line = JsonWriter.write(EventJson.of(schema, record, Instant.now().toString(), pid));
            if (!report.writeLine(line) && reportBrokenSaid.compareAndSet(false, true)) {
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
            // logging is best effort; the report has the record
        }
    }
}
