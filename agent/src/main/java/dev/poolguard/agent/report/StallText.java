package dev.poolguard.agent.report;

import dev.poolguard.bootstrap.StallReport;

/** A stall as the log says it (at WARN): which pool, how long its queue has not moved, and what each worker waits for. */
public final class StallText {
    private StallText() {
    }

    public static String of(StallReport report, int framesPerThread) {
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder();
        text.append("STALL in pool ").append(report.pool()).append(": ").append(report.queued())
                .append(report.queued() == 1 ? " task" : " tasks").append(" queued, the oldest waiting ")
                .append(report.oldestQueuedMillis()).append(" ms to start, while every worker of the pool is blocked."
                        + " Nothing in the pool moves until one of them is released. Reported once, until a queued task"
                        + " starts again.");
        for (StallReport.Worker worker : report.threads()) {
            text.append(nl).append("  thread '").append(worker.thread()).append('\'');
            if (worker.task() != null) {
                text.append(nl).append("    runs    ").append(worker.task());
            }
            text.append(nl).append("    blocked on ").append(worker.blockedOn());
            StackTraceElement[] stack = worker.stack();
            for (int i = 0; i < Math.min(framesPerThread, stack.length); i++) {
                text.append(nl).append("      at ").append(Frames.format(stack[i]));
            }
            if (stack.length > framesPerThread) {
                text.append(nl).append("      ... ").append(stack.length - framesPerThread).append(" more frames in the report");
            }
        }
        return text.toString();
    }
}
