package dev.poolguard.agent.report;

import dev.poolguard.agent.events.ShutdownEvents;
import dev.poolguard.agent.events.WaitEvents;
import dev.poolguard.agent.events.Words;
import dev.poolguard.bootstrap.waits.DeadlockReport;
import dev.poolguard.bootstrap.waits.RiskReport;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary;
import dev.poolguard.bootstrap.stalls.StallReport;

/**
 * The log's words for each event, as a person reads them at 3 a.m.: a headline written here says what
 * happened and why it matters; everything after it (each thread, pool, task and stack) is said by
 * {@link Words} from the event's schema, the same words JFR's text fields use.
 */
public final class LogText {
    private LogText() {
    }

    public static String deadlock(DeadlockReport report, int frames) {
        return "DEADLOCK " + report.kind() + (report.timed() ? " (a wait has a timeout, so it will end by itself)" : "")
                + ": " + why(report) + Words.log(WaitEvents.DEADLOCK, report, frames);
    }

    private static String why(DeadlockReport report) {
        switch (report.kind()) {
            case "SELF_WAIT":
                return "a task waits for its own result, which it can only produce after the wait returns.";
            case "CYCLE":
                return report.threads().stream().anyMatch(t -> t.lock() != null)
                        ? "each thread waits for a task that the next one is running, or for a lock that the next one"
                                + " holds, in a ring; none can finish first."
                        : "each thread waits for a task that the next one is running, in a ring; none can finish first.";
            case "STARVATION":
                return "the awaited tasks are queued in a pool whose every worker is itself waiting, and the pool will not"
                        + " start another worker, so nothing is left to run them.";
            default:
                return "these threads wait for each other.";
        }
    }

    public static String risk(RiskReport report, int frames) {
        return "risk " + report.kind() + ": a task of pool " + report.pool() + " (thread '" + report.thread()
                + "') blocks at " + report.site() + " on an unfinished task of the same pool: " + report.waitsFor()
                + ". Not a deadlock yet, but once every worker of the pool does this, none is left to run"
                + " what they wait for. Reported once per call site and pool." + Words.log(WaitEvents.RISK, report, frames);
    }

    public static String stall(StallReport report, int frames) {
        return "STALL in pool " + report.pool() + ": " + report.queued() + (report.queued() == 1 ? " task" : " tasks")
                + " queued, the oldest waiting " + report.oldestQueuedMillis() + " ms to start, while every worker of"
                + " the pool is blocked. Nothing in the pool moves until one of them is released. Reported once,"
                + " until a queued task starts again." + Words.log(WaitEvents.STALL, report, frames);
    }

    /** {@code last}: the last refusal logged one by one (later ones are only counted). */
    public static String spawnBlocked(ShutdownEvents.SpawnBlocked blocked, boolean last, int frames) {
        return "the JVM is shutting down: refused a new worker for pool " + blocked.pool() + ", asked for by thread '"
                + blocked.thread() + "'" + (last ? " (further refusals are only counted)" : "")
                + Words.log(ShutdownEvents.SPAWN_BLOCKED, blocked, frames);
    }

    public static String shutdownEnded(ShutdownSummary summary, int frames) {
        StringBuilder text = new StringBuilder();
        int undone = summary.inFlight().size() + summary.queuedNeverRun().size();
        if (undone == 0 && summary.rejected() == 0) {
            text.append("shutdown: nothing left undone");
        } else if (undone == 0) {
            // "nothing left undone" would hide work that never got in: say what was refused
            text.append("shutdown: every accepted task finished, but ").append(summary.rejected())
                    .append(summary.rejected() == 1 ? " submission was" : " submissions were")
                    .append(" refused (RejectedExecutionException) because the JVM was shutting down");
        } else {
            text.append("shutdown: ").append(undone).append(undone == 1 ? " task" : " tasks")
                    .append(" left undone (").append(summary.inFlight().size()).append(" running, ")
                    .append(summary.queuedNeverRun().size()).append(" queued and never run)");
        }
        text.append("; drained for ").append(summary.drainMillis()).append(" ms")
                .append(summary.graceExpired() ? " (grace period ran out)" : "")
                .append(", worker spawns refused: ").append(summary.spawnsBlocked())
                .append(", submissions rejected: ").append(summary.rejected());
        if (!summary.scheduledNotDue().isEmpty()) {
            text.append("; timers not due yet, so not waited for (set for later than the JVM lives): ")
                    .append(summary.scheduledNotDue().size());
        }
        return text.append(Words.log(ShutdownEvents.END, summary, frames)).toString();
    }
}
