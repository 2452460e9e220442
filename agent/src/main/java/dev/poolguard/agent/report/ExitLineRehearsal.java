package dev.poolguard.agent.report;

import java.util.List;
import java.util.function.Supplier;

import dev.poolguard.agent.jfr.JfrEvents;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary;

/**
 * The text of a shutdown summary, built once off the main path (on the log warm-up thread) so
 * that the classes the real summary needs inside {@code System.exit} are loaded and linked already.
 * Only the code paths matter: the text is encoded and dropped, never written.
 */
public final class ExitLineRehearsal implements Supplier<String> {
    @Override
    public String get() {
        JfrEvents.prepare();
        ShutdownSummary summary = new ShutdownSummary(0, false, 0, 0, List.of(),
                List.of(new ShutdownSummary.QueuedTask("pool", "task")), List.of());
        // the log's text only: rehearsing the report's JSON too (not written without a report) was measured
        // to add some 20 ms to a hello world's wall time, competing with the application for the CPUs
        return LogText.shutdownEnded(summary, 8);
    }
}
