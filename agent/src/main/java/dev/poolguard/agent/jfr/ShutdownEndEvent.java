package dev.poolguard.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The report's {@code shutdown-end} event as a JFR event. Written after the application's shutdown
 * hooks, so a recording that is dumped on exit (itself a shutdown hook) has already ended by then.
 */
@Name("poolguard.ShutdownEnd")
@Label("Shutdown End")
@Category("poolguard")
@Description("The last word before the JVM halts: how long the drain waited and what was left undone")
@StackTrace(false)
final class ShutdownEndEvent extends jdk.jfr.Event {
    @Label("Drain Time")
    @Timespan(Timespan.MILLISECONDS)
    long drainMillis;

    @Label("Grace Expired")
    boolean graceExpired;

    @Label("Spawns Blocked")
    int spawnsBlocked;

    @Label("Submissions Rejected")
    int rejected;

    @Label("Tasks Left Undone")
    @Description("Tasks still running plus tasks queued and never started")
    int undone;

    @Label("Still Running")
    String inFlight;

    @Label("Queued, Never Run")
    String queuedNeverRun;
}
