package dev.poolguard.bootstrap.shutdown;

/** What started the JVM's shutdown, as the report's {@code shutdown-start.trigger} names it. */
public enum ShutdownTrigger {
    /** {@code System.exit} or {@code Runtime.exit}. */
    EXIT,
    /** SIGTERM, SIGINT or SIGHUP (the JVM turns them into an exit with status 128 + signal). */
    SIGNAL,
    /** The last non-daemon thread ended. */
    LAST_THREAD,
    /** Hooks started by a path poolguard did not see (a JDK it does not know). */
    UNKNOWN;

    /**
     * Names what started the shutdown that {@code current} runs the hooks of: it called exit (a signal
     * handler's exit is a signal), or it is the thread that saw the last non-daemon thread end.
     */
    static ShutdownTrigger of(Thread current, boolean calledExit, Thread lastThreadCaller) {
        if (calledExit) {
            return isSignalHandler(current) ? SIGNAL : EXIT;
        }
        return current == lastThreadCaller ? LAST_THREAD : UNKNOWN;
    }

    /** The JVM names the thread that handles SIGTERM "SIGTERM handler" (likewise INT, HUP). */
    static boolean isSignalHandler(Thread thread) {
        String name = thread.getName();
        return name.startsWith("SIG") && name.endsWith(" handler");
    }
}
