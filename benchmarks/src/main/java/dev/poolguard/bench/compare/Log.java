package dev.poolguard.bench.compare;

/** Progress lines on stderr, stamped with the minutes since the run began (the table goes to stdout). */
final class Log {
    private static final long STARTED = System.nanoTime();

    private Log() {
    }

    static double minutes() {
        return (System.nanoTime() - STARTED) / 6e10;
    }

    static void progress(String message) {
        System.err.println(Fmt.format("[bench %5.1f min] %s", minutes(), message));
    }
}
