package dev.poolguard.bootstrap;

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
        DEADLOCK_DETECTION("deadlock detection");

        final String label;
        volatile boolean disabled;

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
        try {
            sink.featureDisabled(feature.label, error);
        } catch (Throwable ignored) {
            // the sink is broken too; nothing left to tell
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
