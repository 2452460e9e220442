package dev.poolguard.agent.report;

import java.util.List;
import java.util.function.Supplier;

import dev.poolguard.agent.jfr.JfrEvents;
import dev.poolguard.bootstrap.ShutdownSummary;

/**
 * The text of a clean shutdown summary, built once off the main path (on the log warm-up thread) so
 * that the classes the real summary needs inside {@code System.exit} are loaded and linked already.
 * Only the code paths matter: the text is encoded and dropped, never written.
 */
public final class ExitLineRehearsal implements Supplier<String> {
    @Override
    public String get() {
        JfrEvents.prepare();
        return ShutdownSummaryText.of(new ShutdownSummary(0, false, 0, 0, List.of(), List.of(), List.of()), 8);
    }
}
