package dev.poolguard.agent.jfr;

import dev.poolguard.bootstrap.DeadlockReport;
import dev.poolguard.bootstrap.RiskReport;
import dev.poolguard.bootstrap.ShutdownSummary;
import dev.poolguard.bootstrap.ShutdownTrigger;
import dev.poolguard.bootstrap.StallReport;

/**
 * The only class that touches {@code jdk.jfr}; loaded by {@link JfrEvents} at the first poolguard
 * event, never before.
 *
 * <p>Loading a {@code jdk.jfr.Event} subclass is not cheap: the JVM hands every event class to JFR for
 * instrumentation, which sets up JFR's metadata (measured: some 100 JDK classes and 0.1 s on JDK 17
 * and 25), even when no recording ever runs. So nothing here loads an event class until the Flight
 * Recorder itself is up ({@code FlightRecorder.isInitialized()}, which a recording started by
 * {@code -XX:StartFlightRecording}, {@code jcmd JFR.start} or the API always makes true; its class holds
 * two static fields). Then every event class is loaded at once, so that none is first loaded in the
 * middle of a shutdown; and each event's text is built only when a recording wants the event.
 */
final class Emitter {
    private static volatile boolean loaded;

    private Emitter() {
    }

    /** False while the Flight Recorder was never started in this JVM: no recording can want an event. */
    private static boolean recorderUp() {
        if (!jdk.jfr.FlightRecorder.isInitialized()) {
            return false;
        }
        if (!loaded) {
            synchronized (Emitter.class) {
                if (!loaded) {
                    new DeadlockEvent();
                    new RiskEvent();
                    new StallEvent();
                    new SpawnBlockedEvent();
                    new ShutdownStartEvent();
                    new ShutdownEndEvent();
                    loaded = true;
                }
            }
        }
        return true;
    }

    /** Asks what the first event would ask, so that a later one finds it all loaded. */
    static void prepare() {
        recorderUp();
    }

    static void deadlock(DeadlockReport report) {
        if (!recorderUp()) {
            return;
        }
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
        if (!recorderUp()) {
            return;
        }
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

    static void stall(StallReport report) {
        if (!recorderUp()) {
            return;
        }
        StallEvent event = new StallEvent();
        if (event.shouldCommit()) {
            event.pool = report.pool();
            event.queued = report.queued();
            event.oldestQueuedMillis = report.oldestQueuedMillis();
            event.threads = JfrText.stalled(report.threads());
            event.commit();
        }
    }

    static void spawnBlocked(String poolId, String threadName, StackTraceElement[] stack) {
        if (!recorderUp()) {
            return;
        }
        SpawnBlockedEvent event = new SpawnBlockedEvent();
        if (event.shouldCommit()) {
            event.pool = poolId;
            event.thread = threadName;
            event.stack = JfrText.stack(stack);
            event.commit();
        }
    }

    static void shutdownStarted(ShutdownTrigger trigger, Integer status) {
        if (!recorderUp()) {
            return;
        }
        ShutdownStartEvent event = new ShutdownStartEvent();
        if (event.shouldCommit()) {
            event.trigger = trigger.name();
            event.status = status == null ? null : status.toString();
            event.commit();
        }
    }

    static void shutdownEnded(ShutdownSummary summary) {
        if (!recorderUp()) {
            return;
        }
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
