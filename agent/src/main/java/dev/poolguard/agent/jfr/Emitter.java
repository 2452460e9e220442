package dev.poolguard.agent.jfr;

import dev.poolguard.bootstrap.DeadlockReport;
import dev.poolguard.bootstrap.RiskReport;
import dev.poolguard.bootstrap.ShutdownSummary;
import dev.poolguard.bootstrap.ShutdownTrigger;

/**
 * The only class that touches {@code jdk.jfr}; loaded by {@link JfrEvents} at the first poolguard
 * event, never before. Each method builds its event's text only when a recording wants the event.
 */
final class Emitter {
    static {
        // Every event class at once, at the first event, so that none is first loaded (and registered
        // with a running recorder) in the middle of a shutdown.
        new DeadlockEvent();
        new RiskEvent();
        new SpawnBlockedEvent();
        new ShutdownStartEvent();
        new ShutdownEndEvent();
    }

    private Emitter() {
    }

    static void deadlock(DeadlockReport report) {
        DeadlockEvent event = new DeadlockEvent();
        if (event.shouldCommit()) {
            event.kind = report.kind();
            event.timed = report.timed();
            event.threads = JfrText.threads(report.threads());
            event.pools = JfrText.pools(report.pools());
            event.commit();
        }
    }

    static void risk(RiskReport report) {
        RiskEvent event = new RiskEvent();
        if (event.shouldCommit()) {
            event.kind = report.kind();
            event.pool = report.pool();
            event.thread = report.thread();
            event.site = report.site();
            event.waitsFor = report.waitsFor();
            event.stack = JfrText.stack(report.stack());
            event.commit();
        }
    }

    static void spawnBlocked(String poolId, String threadName, StackTraceElement[] stack) {
        SpawnBlockedEvent event = new SpawnBlockedEvent();
        if (event.shouldCommit()) {
            event.pool = poolId;
            event.thread = threadName;
            event.stack = JfrText.stack(stack);
            event.commit();
        }
    }

    static void shutdownStarted(ShutdownTrigger trigger, Integer status) {
        ShutdownStartEvent event = new ShutdownStartEvent();
        if (event.shouldCommit()) {
            event.trigger = trigger.name();
            event.status = status == null ? null : status.toString();
            event.commit();
        }
    }

    static void shutdownEnded(ShutdownSummary summary) {
        ShutdownEndEvent event = new ShutdownEndEvent();
        if (event.shouldCommit()) {
            event.drainMillis = summary.drainMillis();
            event.graceExpired = summary.graceExpired();
            event.spawnsBlocked = summary.spawnsBlocked();
            event.rejected = summary.rejected();
            event.undone = summary.inFlight().size() + summary.queuedNeverRun().size();
            event.inFlight = JfrText.inFlight(summary.inFlight());
            event.queuedNeverRun = JfrText.queued(summary.queuedNeverRun());
            event.commit();
        }
    }
}
