package dev.poolguard.agent.attach;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import dev.poolguard.agent.events.AgentEvents;
import dev.poolguard.agent.events.WaitEvents;
import dev.poolguard.agent.json.JsonWriter;
import dev.poolguard.agent.report.EventJson;
import dev.poolguard.agent.report.LogText;
import dev.poolguard.agent.report.ReportFile;
import dev.poolguard.bootstrap.waits.DeadlockReport;

/** What {@code attach} says: on stdout in the log's words with every frame, and as report events. */
final class AttachOutput {
    private AttachOutput() {
    }

    static void print(Snapshot snapshot, List<DeadlockReport> deadlocks, PrintStream out) {
        long waiting = snapshot.threads().stream().filter(t -> t.awaits() != null).count();
        out.println("poolguard attach: pid " + snapshot.pid() + ", Java " + snapshot.jdk() + ": "
                + snapshot.threads().size() + " threads (" + waiting + " waiting on a future), "
                + snapshot.pools().size() + " pools with workers; looking held the target up for "
                + millis(snapshot.pauseMicros()) + " ms in all, " + millis(snapshot.longestPauseMicros()) + " ms at most at once");
        for (DeadlockReport deadlock : deadlocks) {
            out.println(LogText.deadlock(deadlock, Integer.MAX_VALUE));
        }
        out.println(deadlocks.isEmpty()
                ? "poolguard attach: no deadlock in pid " + snapshot.pid()
                : "poolguard attach: " + deadlocks.size() + (deadlocks.size() == 1 ? " deadlock" : " deadlocks")
                        + " in pid " + snapshot.pid());
        out.flush();
    }

    /** Writes an {@code attach} event, then one {@code deadlock} event each; null, or why it could not. */
    static String writeReport(Path file, Snapshot snapshot, List<DeadlockReport> deadlocks) {
        ReportFile report;
        try {
            report = ReportFile.open(file);
        } catch (IOException | RuntimeException e) {
            return "cannot write the report file '" + file + "': " + e.getMessage();
        }
        AgentEvents.Attach looked = new AgentEvents.Attach(snapshot.jdk(), snapshot.threads().size(),
                snapshot.pauseMicros(), snapshot.longestPauseMicros());
        boolean written = report.writeLine(JsonWriter.write(
                EventJson.of(AgentEvents.ATTACH, looked, Instant.now().toString(), snapshot.pid())));
        for (DeadlockReport deadlock : deadlocks) {
            written &= report.writeLine(JsonWriter.write(
                    EventJson.of(WaitEvents.DEADLOCK, deadlock, Instant.now().toString(), snapshot.pid())));
        }
        return written ? null : "could not write the report file '" + file + "'";
    }

    private static String millis(long micros) {
        return String.format(java.util.Locale.ROOT, "%.1f", micros / 1000.0);
    }
}
