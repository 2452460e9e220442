package dev.poolguard.bootstrap;

import java.util.List;

/**
 * What the shutdown sequence achieved: the content of {@code shutdown-end}.
 *
 * @param drainMillis  how long the drain waited (0 when it did not wait)
 * @param graceExpired true when the drain gave up at the grace limit
 * @param spawnsBlocked worker spawns refused since shutdown began
 * @param rejected     submissions refused because of shutdown
 * @param inFlight     tasks still running as the JVM halts
 * @param queuedNeverRun tasks accepted by a pool that never started
 */
public record ShutdownSummary(long drainMillis, boolean graceExpired, int spawnsBlocked, int rejected,
                              List<InFlightTask> inFlight, List<QueuedTask> queuedNeverRun) {

    /** A task a worker was running when the report was written. */
    public record InFlightTask(String pool, String thread, String task, StackTraceElement[] stack) { }

    /** A task waiting in a pool's queue. */
    public record QueuedTask(String pool, String task) { }

    /** True when nothing was left undone. */
    public boolean clean() {
        return inFlight.isEmpty() && queuedNeverRun.isEmpty();
    }
}
