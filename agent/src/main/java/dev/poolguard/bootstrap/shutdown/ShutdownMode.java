package dev.poolguard.bootstrap.shutdown;

/** The {@code shutdown} option. */
public enum ShutdownMode {
    /** Refuse spawns, report, and wait (up to the grace period) for in-flight and queued work. */
    DRAIN,
    /** Refuse spawns and report what is left undone, without waiting. */
    REPORT,
    /** Leave shutdown alone. */
    OFF
}
