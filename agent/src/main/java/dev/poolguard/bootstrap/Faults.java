package dev.poolguard.bootstrap;

import dev.poolguard.bootstrap.waits.LockWaits;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent must never break its host. Every entry point catches what poolguard itself throws and
 * hands it here: the failure is counted, the feature it belongs to is switched off for good, and the
 * sink hears about it once. The application goes on as if the agent were not there.
 */
public final class Faults {
    /** The features that can be switched off independently. */
    public enum Feature {
        WORKER_TRACKING("worker tracking"),
        SHUTDOWN_GUARD("shutdown guard"),
        DEADLOCK_DETECTION("deadlock detection"),
        STALL_WATCH("stall watch"),
        /** Lock edges of the wait graph ({@link LockWaits}): without them, lock waits count as progress. */
        LOCK_WAITS("lock-wait analysis");

        final String label;
        public volatile boolean disabled;
        /** Armed by {@link #injectOnce}: the feature's next run inside poolguard fails. */
        public volatile boolean injected;

        Feature(String label) {
            this.label = label;
        }

        public boolean enabled() {
            return !disabled;
        }

        public String label() {
            return label;
        }
    }

    private static final AtomicLong SUPPRESSED = new AtomicLong();
    private static volatile EventSink sink = EventSink.NONE;

    private Faults() {
    }

    static void connect(EventSink eventSink) {
        sink = eventSink;
    }

    /**
     * Puts {@code eventSink} in the place of the sink and returns the one it replaces: the install-time
     * self-test hears a fault of its own probes itself, before {@code agent-start} is written.
     */
    static EventSink swapSink(EventSink eventSink) {
        EventSink before = sink;
        sink = eventSink;
        return before;
    }

    /** Records a failure inside poolguard and turns {@code feature} off. Never throws. */
    public static void suppressed(Feature feature, Throwable error) {
        SUPPRESSED.incrementAndGet();
        if (feature.disabled) {
            return;
        }
        synchronized (feature) {
            if (feature.disabled) {
                return;
            }
            feature.disabled = true;
        }
        String label = feature.label;
        if (feature == Feature.WORKER_TRACKING) {
            // both read what worker tracking knows: with it gone they would see pools without their
            // workers, and find deadlocks or drained pools that are not there
            Feature.DEADLOCK_DETECTION.disabled = true;
            Feature.SHUTDOWN_GUARD.disabled = true;
            label += " (and with it deadlock detection and the shutdown guard)";
        }
        try {
            sink.featureDisabled(label, error);
        } catch (Throwable ignored) {
            // the sink is broken too; nothing left to tell
        }
    }

    /**
     * For tests of the agent's own failure handling: the next time {@code featureLabel} (for example
     * "deadlock detection") runs inside poolguard it throws, as a bug in poolguard would. Not an option:
     * reachable only by reflection on the boot runtime, so no user switches it on by accident.
     *
     * @return false if no feature has that label
     */
    public static boolean injectOnce(String featureLabel) {
        for (Feature feature : Feature.values()) {
            if (feature.label.equals(featureLabel)) {
                feature.injected = true;
                return true;
            }
        }
        return false;
    }

    /** Throws the injected fault, once, if {@code feature} is armed. Called inside guarded blocks only. */
    public static void trip(Feature feature) {
        if (feature.injected) {
            feature.injected = false;
            throw new IllegalStateException("fault injected into poolguard's " + feature.label + " by a test");
        }
    }

    /** Switches {@code feature} off without a report: the agent found it broken at installation. */
    public static void disable(Feature feature) {
        feature.disabled = true;
    }

    /** How many failures inside poolguard were suppressed so far. */
    public static long suppressedCount() {
        return SUPPRESSED.get();
    }
}
