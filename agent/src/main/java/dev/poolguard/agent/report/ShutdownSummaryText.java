package dev.poolguard.agent.report;

import dev.poolguard.bootstrap.ShutdownSummary;
import dev.poolguard.bootstrap.ShutdownSummary.InFlightTask;
import dev.poolguard.bootstrap.ShutdownSummary.QueuedTask;
import dev.poolguard.bootstrap.ShutdownSummary.ScheduledTask;

/** The shutdown summary as a person reads it in the log. */
final class ShutdownSummaryText {
    private ShutdownSummaryText() {
    }

    static String of(ShutdownSummary summary, int framesPerTask) {
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
        for (InFlightTask task : summary.inFlight()) {
            text.append(System.lineSeparator()).append("  still running in ").append(task.pool())
                    .append(" on thread '").append(task.thread()).append("': ").append(task.task());
            StackTraceElement[] stack = task.stack();
            for (int i = 0; i < Math.min(framesPerTask, stack.length); i++) {
                text.append(System.lineSeparator()).append("      at ").append(Frames.format(stack[i]));
            }
            if (stack.length > framesPerTask) {
                text.append(System.lineSeparator()).append("      ... ").append(stack.length - framesPerTask)
                        .append(" more frames in the report");
            }
        }
        for (QueuedTask task : summary.queuedNeverRun()) {
            text.append(System.lineSeparator()).append("  queued in ").append(task.pool())
                    .append(", never started: ").append(task.task());
        }
        if (!summary.scheduledNotDue().isEmpty()) {
            text.append(System.lineSeparator()).append("  not due yet, so not waited for (timers set for later than the JVM lives): ")
                    .append(summary.scheduledNotDue().size());
            for (ScheduledTask task : summary.scheduledNotDue()) {
                text.append(System.lineSeparator()).append("    in ").append(task.pool()).append(", due in ")
                        .append(task.dueInMillis()).append(" ms: ").append(task.task());
            }
        }
        return text.toString();
    }
}
