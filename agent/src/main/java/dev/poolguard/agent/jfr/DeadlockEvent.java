package dev.poolguard.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The report's {@code deadlock} event as a JFR event. */
@Name("poolguard.Deadlock")
@Label("Task Deadlock")
@Category("poolguard")
@Description("Threads that wait on pool tasks which can never finish: a task waiting on its own result,"
        + " a ring of tasks waiting on each other, or tasks queued in a pool whose every worker waits")
@StackTrace(false)
final class DeadlockEvent extends jdk.jfr.Event {
    @Label("Kind")
    @Description("SELF_WAIT, CYCLE or STARVATION")
    String kind;

    @Label("Timed")
    @Description("A wait in it has a timeout, so it will end by itself")
    boolean timed;

    @Label("Threads")
    @Description("Each thread in it: its pool, the task it runs, the task it waits for (or the lock it waits to"
            + " acquire, and the thread holding it), and its stack")
    String threads;

    @Label("Pools")
    @Description("Each pool involved: workers, maximum workers, tasks queued")
    String pools;
}
