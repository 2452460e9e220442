package dev.poolguard.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The report's {@code shutdown-start} event as a JFR event. */
@Name("poolguard.ShutdownStart")
@Label("Shutdown Start")
@Category("poolguard")
@Description("The JVM starts running its shutdown hooks; from now on pools get no new worker threads")
@StackTrace(false)
final class ShutdownStartEvent extends jdk.jfr.Event {
    @Label("Trigger")
    @Description("EXIT, SIGNAL, LAST_THREAD or UNKNOWN")
    String trigger;

    @Label("Exit Status")
    @Description("The exit status, or null when none is known")
    String status;
}
