package dev.poolguard.it.programs;

/** A task's own work, simulated by sleeping a bounded time. Never used to synchronise anything. */
public final class Work {
    private Work() {}

    /** Sleeps {@code millis}; prints "interrupted LABEL" and returns false when interrupted. */
    public static boolean doFor(long millis, String label) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Out.line("interrupted " + label);
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Blocks the calling thread until the JVM ends (it is never released). */
    public static void forever() {
        Object never = new Object();
        synchronized (never) {
            while (true) {
                try {
                    never.wait();
                } catch (InterruptedException e) {
                    // keep waiting: only the JVM's end releases this thread
                }
            }
        }
    }
}
