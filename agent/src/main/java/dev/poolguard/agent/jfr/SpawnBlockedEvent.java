package dev.poolguard.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The report's {@code spawn-blocked} event as a JFR event. */
@Name("poolguard.SpawnBlocked")
@Label("Worker Spawn Refused")
@Category("poolguard")
@Description("The JVM is shutting down, and a pool was refused a new worker thread")
@StackTrace(false)
final class SpawnBlockedEvent extends jdk.jfr.Event {
    @Label("Pool")
    String pool;

    @Label("Thread")
    @Description("The name of the thread that asked for the new worker")
    String thread;

    @Label("Stack")
    String stack;
}
