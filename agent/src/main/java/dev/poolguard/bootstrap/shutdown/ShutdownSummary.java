package dev.poolguard.bootstrap.shutdown;

import java.util.List;

/**
 * What the shutdown sequence achieved: the content of {@code shutdown-end}.
 *
 * @param drainMillis  how long the drain waited (0 when it did not wait; until the halt when a
 *                     {@code Runtime.halt} cut it short)
 * @param graceExpired true when the drain gave up at the grace limit
 * @param spawnsBlocked worker spawns refused since shutdown began
 * @param rejected     submissions refused because of shutdown
 * @param inFlight     tasks still running as the JVM halts, but the one whose thread halts it
 * @param queuedNeverRun tasks accepted by a pool that never started
 * @param scheduledNotDue delayed tasks of scheduled pools, not due yet when the JVM halts: timers set
 *                       for later than the JVM lives (such as a test runner's exit watchdog), not work
 *                       cut off; listed so that nothing accepted goes unmentioned
 */
public record ShutdownSummary(long drainMillis, boolean graceExpired, int spawnsBlocked, int rejected,
                              List<InFlightTask> inFlight, List<QueuedTask> queuedNeverRun,
                              List<ScheduledTask> scheduledNotDue) {

    public ShutdownSummary(long drainMillis, boolean graceExpired, int spawnsBlocked, int rejected,
                           List<InFlightTask> inFlight, List<QueuedTask> queuedNeverRun) {
        this(drainMillis, graceExpired, spawnsBlocked, rejected, inFlight, queuedNeverRun, List.of());
    }

    /** A task a worker was running when the report was written. */
    public record InFlightTask(String pool, String thread, String task, StackTraceElement[] stack) { }

    /** A task waiting in a pool's queue. */
    public record QueuedTask(String pool, String task) { }

    /** A delayed task that was not due yet; {@code dueInMillis} from the moment of the report. */
    public record ScheduledTask(String pool, String task, long dueInMillis) { }

    /** Tasks left undone: running at the halt, or queued and never started. */
    public int undone() {
        return inFlight.size() + queuedNeverRun.size();
    }

    /** True when nothing was left undone. */
    public boolean clean() {
        return inFlight.isEmpty() && queuedNeverRun.isEmpty();
    }
}
