package dev.poolguard.bootstrap.waits;

import dev.poolguard.bootstrap.EventSink;
import dev.poolguard.bootstrap.Faults;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary;
import dev.poolguard.bootstrap.shutdown.ShutdownTrigger;
import dev.poolguard.bootstrap.stalls.StallReport;
import dev.poolguard.bootstrap.stalls.StallWatch;

/**
 * The sink the deadlock watch reports to: tells the {@link StallWatch} which pools a reported deadlock
 * holds (a pool reported in a deadlock is not reported again as a stall), then passes every event on
 * unchanged. Forwards every method of {@link EventSink} explicitly, defaults included (a unit test
 * checks that none is missed, so a method added to the sink later cannot be dropped here silently).
 */
public final class DeadlockNotingSink implements EventSink {
    private final EventSink next;
    private final StallWatch stalls;

    public DeadlockNotingSink(EventSink next, StallWatch stalls) {
        this.next = next;
        this.stalls = stalls;
    }

    @Override
    public void deadlock(DeadlockReport report) {
        try {
            stalls.deadlockReported(report);
        } catch (Throwable fault) {
            Faults.suppressed(Faults.Feature.STALL_WATCH, fault);
        }
        next.deadlock(report);
    }

    @Override
    public void shutdownStarted(ShutdownTrigger trigger, Integer status) {
        next.shutdownStarted(trigger, status);
    }

    @Override
    public void spawnBlocked(String poolId, String threadName, StackTraceElement[] stack) {
        next.spawnBlocked(poolId, threadName, stack);
    }

    @Override
    public void shutdownEnded(ShutdownSummary summary) {
        next.shutdownEnded(summary);
    }

    @Override
    public void risk(RiskReport report) {
        next.risk(report);
    }

    @Override
    public void stall(StallReport report) {
        next.stall(report);
    }

    @Override
    public void featureDisabled(String feature, Throwable cause) {
        next.featureDisabled(feature, cause);
    }
}
