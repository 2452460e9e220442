package dev.poolguard.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The report's {@code risk} event as a JFR event. */
@Name("poolguard.Risk")
@Label("Same-Pool Wait")
@Category("poolguard")
@Description("A pool task blocks on an unfinished task of its own pool: not a deadlock yet, but one once"
        + " every worker does it. Emitted once per call site and pool")
@StackTrace(false)
final class RiskEvent extends jdk.jfr.Event {
    @Label("Kind")
    String kind;

    @Label("Pool")
    String pool;

    @Label("Thread")
    @Description("The name of the thread that waits")
    String thread;

    @Label("Call Site")
    @Description("The frame that called the wait")
    String site;

    @Label("Waits For")
    String waitsFor;

    @Label("Stack")
    String stack;
}
