package dev.poolguard.bootstrap;

/** What started the JVM's shutdown, as the report's {@code shutdown-start.trigger} names it. */
public enum ShutdownTrigger {
    /** {@code System.exit} or {@code Runtime.exit}. */
    EXIT,
    /** SIGTERM, SIGINT or SIGHUP (the JVM turns them into an exit with status 128 + signal). */
    SIGNAL,
    /** The last non-daemon thread ended. */
    LAST_THREAD,
    /** Hooks started by a path poolguard did not see (a JDK it does not know). */
    UNKNOWN
}
