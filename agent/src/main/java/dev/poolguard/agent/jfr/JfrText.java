package dev.poolguard.agent.jfr;

import java.util.List;

import dev.poolguard.agent.report.Frames;
import dev.poolguard.bootstrap.DeadlockReport.PoolInfo;
import dev.poolguard.bootstrap.DeadlockReport.ThreadInfo;
import dev.poolguard.bootstrap.ShutdownSummary.InFlightTask;
import dev.poolguard.bootstrap.ShutdownSummary.QueuedTask;
import dev.poolguard.bootstrap.StallReport;

/**
 * The report's arrays flattened to text for JFR fields (which hold no arrays): one item per line, a
 * stack's frames indented under it as {@code at class.method(File:line)}. No JFR type here.
 */
final class JfrText {
    private static final String NL = "\n";

    private JfrText() {
    }

    static String threads(List<ThreadInfo> threads) {
        StringBuilder text = new StringBuilder();
        for (ThreadInfo thread : threads) {
            line(text, "thread '" + thread.thread() + "'" + (thread.pool() == null ? " (not a pool thread)"
                    : " of pool " + thread.pool()) + (thread.task() == null ? "" : " runs " + thread.task())
                    + (thread.lock() != null ? " waits to " : " waits for ") + thread.waitsForText());
            frames(text, thread.stack());
        }
        return text.toString();
    }

    /** A stall's workers: {@code thread 'x' runs T blocked on B}, each with its frames. */
    static String stalled(List<StallReport.Worker> workers) {
        StringBuilder text = new StringBuilder();
        for (StallReport.Worker worker : workers) {
            line(text, "thread '" + worker.thread() + "'" + (worker.task() == null ? "" : " runs " + worker.task())
                    + " blocked on " + worker.blockedOn());
            frames(text, worker.stack());
        }
        return text.toString();
    }

    static String pools(List<PoolInfo> pools) {
        StringBuilder text = new StringBuilder();
        for (PoolInfo pool : pools) {
            line(text, pool.id() + " (" + pool.type() + "): " + pool.workers() + " of at most " + pool.maxWorkers()
                    + " workers, " + pool.queued() + " tasks queued");
        }
        return text.toString();
    }

    static String stack(StackTraceElement[] stack) {
        StringBuilder text = new StringBuilder();
        if (stack != null) {
            for (StackTraceElement frame : stack) {
                line(text, Frames.format(frame));
            }
        }
        return text.toString();
    }

    static String inFlight(List<InFlightTask> tasks) {
        StringBuilder text = new StringBuilder();
        for (InFlightTask task : tasks) {
            line(text, "pool " + task.pool() + ", thread '" + task.thread() + "': " + task.task());
            frames(text, task.stack());
        }
        return text.toString();
    }

    static String queued(List<QueuedTask> tasks) {
        StringBuilder text = new StringBuilder();
        for (QueuedTask task : tasks) {
            line(text, "pool " + task.pool() + ": " + task.task());
        }
        return text.toString();
    }

    private static void frames(StringBuilder text, StackTraceElement[] stack) {
        if (stack != null) {
            for (StackTraceElement frame : stack) {
                line(text, "  at " + Frames.format(frame));
            }
        }
    }

    private static void line(StringBuilder text, String line) {
        if (text.length() > 0) {
            text.append(NL);
        }
        text.append(line);
    }
}
