package dev.poolguard.agent.report;

import dev.poolguard.bootstrap.DeadlockReport;
import dev.poolguard.bootstrap.DeadlockReport.PoolInfo;
import dev.poolguard.bootstrap.DeadlockReport.ThreadInfo;

/** A deadlock as a person reads it in the log at 3 a.m.: who waits for what, where, and why it can never end. */
public final class DeadlockText {
    private DeadlockText() {
    }

    public static String of(DeadlockReport report, int framesPerThread) {
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder();
        text.append("DEADLOCK ").append(report.kind()).append(report.timed() ? " (a wait has a timeout, so it will end by itself)" : "")
                .append(": ").append(why(report));
        for (ThreadInfo thread : report.threads()) {
            text.append(nl).append("  thread '").append(thread.thread()).append('\'');
            text.append(thread.pool() == null ? " (not a pool thread)" : " of pool " + thread.pool());
            if (thread.task() != null) {
                text.append(nl).append("    runs    ").append(thread.task());
            }
            text.append(nl).append(thread.lock() != null ? "    waits to " : "    waits for ").append(thread.waitsForText());
            StackTraceElement[] stack = thread.stack();
            for (int i = 0; i < Math.min(framesPerThread, stack.length); i++) {
                text.append(nl).append("      at ").append(Frames.format(stack[i]));
            }
            if (stack.length > framesPerThread) {
                text.append(nl).append("      ... ").append(stack.length - framesPerThread).append(" more frames in the report");
            }
        }
        for (PoolInfo pool : report.pools()) {
            text.append(nl).append("  pool ").append(pool.id()).append(": ").append(pool.workers()).append(" of at most ")
                    .append(pool.maxWorkers()).append(" workers, ").append(pool.queued()).append(" tasks queued");
        }
        return text.toString();
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
}
