package dev.poolguard.agent.jfr;

import dev.poolguard.agent.events.EventSchema;


/**
 * poolguard's JFR events (docs/contract.md, "JFR events"): {@code poolguard.Deadlock}, {@code poolguard.Risk},
 * {@code poolguard.Stall}, {@code poolguard.SpawnBlocked}, {@code poolguard.ShutdownStart} and {@code poolguard.ShutdownEnd}, each made
 * from its report event's schema.
 *
 * <p>Costs nothing until poolguard has something to say: this class names no {@code jdk.jfr} type, so
 * no JFR class is loaded at start-up. At an event, while the Flight Recorder was never started in this
 * JVM, it is one static read ({@code FlightRecorder.isInitialized()}); poolguard's event types, whose
 * making sets up JFR's metadata, are made only once the recorder is up; and an event's text is built
 * only when a recording wants it (see {@link Emitter}). On a runtime without the {@code jdk.jfr} module (a jlink'd image, or
 * {@code --limit-modules}) the first attempt fails to link, and every later call returns at once.
 * Never throws.
 */
public final class JfrEvents {
    private static volatile boolean unavailable;

    private JfrEvents() {
    }

    /** False once JFR turned out to be missing (or broken) in this JVM. */
    public static boolean available() {
        return !unavailable;
    }

    /** Emits {@code record} as the JFR event of its report event's schema, if a recording wants it. */
    public static <R> void emit(EventSchema<R> schema, R record) {
        if (!unavailable) {
            try {
                Emitter.emit(schema, record);
            } catch (Throwable failure) {
                failed(failure);
            }
        }
    }

    /** Off the main path (the log warm-up thread): loads what the first event will need. Emits nothing. */
    public static void prepare() {
        if (!unavailable) {
            try {
                Emitter.prepare();
            } catch (Throwable failure) {
                failed(failure);
            }
        }
    }

    /**
     * An emission failed. A {@code LinkageError} ({@code NoClassDefFoundError} for {@code jdk/jfr/Event}, or
     * the emitter's failed initialisation) means JFR cannot be used in this JVM: stop trying. Anything
     * else is this one event's loss: an event is never worth breaking the host for.
     */
    static void failed(Throwable failure) {
        if (failure instanceof LinkageError) {
            unavailable = true;
        }
    }

    /** For tests: try JFR again. */
    static void reset() {
        unavailable = false;
    }
}
