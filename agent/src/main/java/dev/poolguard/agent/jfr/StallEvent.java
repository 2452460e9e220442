package dev.poolguard.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** The report's {@code stall} event as a JFR event. */
@Name("poolguard.Stall")
@Label("Pool Stall")
@Category("poolguard")
@Description("A pool's queued task has not started for the stall time while every worker of the pool is"
        + " blocked. Emitted once per pool until one of its queued tasks starts again")
@StackTrace(false)
final class StallEvent extends jdk.jfr.Event {
    @Label("Pool")
    String pool;

    @Label("Queued")
    @Description("Tasks queued in the pool")
    int queued;

    @Label("Oldest Queued")
    @Description("How long the oldest queued task has waited to start")
    @Timespan(Timespan.MILLISECONDS)
    long oldestQueuedMillis;

    @Label("Threads")
    @Description("Each worker of the pool: the task it runs, what it is blocked on, and its stack")
    String threads;
}
