package dev.poolguard.bootstrap;

import dev.poolguard.bootstrap.shutdown.ShutdownSummary;
import dev.poolguard.bootstrap.shutdown.ShutdownTrigger;
import dev.poolguard.bootstrap.stalls.StallReport;
import dev.poolguard.bootstrap.waits.DeadlockReport;
import dev.poolguard.bootstrap.waits.RiskReport;

/**
 * Where the runtime sends what it saw. Implemented by the agent (report file, log, JFR), outside the
 * boot loader. Calls come from any thread, including shutdown-hook threads, and are rare (never on a
 * task's path); an implementation must not throw, but the runtime guards every call anyway.
 */
public interface EventSink {
    /** Shutdown hooks begin to run. {@code status} is null when no exit status is known. */
    void shutdownStarted(ShutdownTrigger trigger, Integer status);

    /** A pool asked for a new worker after shutdown began, and was refused. */
    void spawnBlocked(String poolId, String threadName, StackTraceElement[] stack);

    /** The last word before the JVM halts. */
    void shutdownEnded(ShutdownSummary summary);

    /** A deadlock was found as the wait that closes it began. */
    void deadlock(DeadlockReport report);

    /** A pool task blocks on an unfinished task of its own pool. */
    void risk(RiskReport report);

    /**
     * A pool's queued task has not started for the {@code stall} time while every worker of the pool is
     * blocked. A default method, so that sinks written before stalls existed still compile.
     */
    default void stall(StallReport report) {
    }

    /** Something inside poolguard failed; {@code feature} is now off. Called once per feature. */
    void featureDisabled(String feature, Throwable cause);

    /** A sink that drops everything: the runtime's state before the agent connects one. */
    EventSink NONE = new EventSink() {
        @Override public void shutdownStarted(ShutdownTrigger trigger, Integer status) { }
        @Override public void spawnBlocked(String poolId, String threadName, StackTraceElement[] stack) { }
        @Override public void shutdownEnded(ShutdownSummary summary) { }
        @Override public void deadlock(DeadlockReport report) { }
        @Override public void risk(RiskReport report) { }
        @Override public void featureDisabled(String feature, Throwable cause) { }
    };
}
