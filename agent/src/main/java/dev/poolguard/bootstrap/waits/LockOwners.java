package dev.poolguard.bootstrap.waits;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * Which lock or monitor a thread waits on and who owns it, as the JVM knows it ({@code ThreadMXBean}):
 * the owner of a monitor, and of an owned {@code java.util.concurrent.locks} lock, which
 * {@code LockSupport.getBlocker} alone does not say. Asked only when a stall is reported. On a runtime
 * without {@code java.management} (a jlink'd image, {@code --limit-modules}) it answers nothing, and
 * stops trying.
 */
public final class LockOwners {
    private static volatile boolean unavailable;

    private LockOwners() {
    }

    /**
     * For each thread, {@code {lockName, ownerName}} (either may be null), or null when the JVM cannot
     * say (no {@code java.management}, or it failed).
     */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+, and this is JDK 17 source
    public static String[][] of(Thread[] threads) {
        if (unavailable) {
            return null;
        }
        try {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long[] ids = new long[threads.length];
            for (int i = 0; i < threads.length; i++) {
                ids[i] = threads[i].getId();
            }
            ThreadInfo[] infos = mx.getThreadInfo(ids);
            String[][] locks = new String[threads.length][];
            for (int i = 0; i < threads.length; i++) {
                ThreadInfo info = infos[i];
                locks[i] = info == null ? new String[2] : new String[] {info.getLockName(), info.getLockOwnerName()};
            }
            return locks;
        } catch (Throwable missing) {
            // LinkageError without java.management, SecurityException, anything: the words go without owners
            unavailable = true;
            return null;
        }
    }
}
