package dev.poolguard.bootstrap;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.locks.AbstractOwnableSynchronizer;
import java.util.concurrent.locks.LockSupport;

/**
 * Who holds the lock a thread is blocked acquiring: an owned {@code java.util.concurrent.locks} lock (a
 * {@code ReentrantLock}, a write lock: anything built on {@code AbstractOwnableSynchronizer}) or a monitor.
 * Lock waits are not instrumented: this is asked only while a future wait is analysed, about the threads
 * its walk reaches. A thread that is neither parked on such a lock nor {@code BLOCKED} costs two reads;
 * otherwise the JDK's own lock bookkeeping is read through {@link ThreadMXBean} (without a stack, which
 * needs no safepoint). Anything it cannot tell is "not blocked on a lock": progress, never a false report.
 */
final class LockWaits {
    private LockWaits() {
    }

    /** The thread owning the lock {@code thread} is blocked acquiring, or null. */
    static Thread ownerBlocking(Thread thread) {
        if (thread == null) {
            return null;
        }
        boolean ownable = LockSupport.getBlocker(thread) instanceof AbstractOwnableSynchronizer;
        if (!ownable && thread.getState() != Thread.State.BLOCKED) {
            return null;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ThreadInfo info = threads.getThreadInfo(thread.getId(), 0);
        if (info == null || info.getLockOwnerId() < 0) {
            return null;
        }
        return liveThread(info.getLockOwnerId());
    }

    /** The live thread with {@code id}, or null: one pass over the threads, only when a lock edge exists. */
    private static Thread liveThread(long id) {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 8];
        int count = root.enumerate(all, true);
        for (int i = 0; i < count; i++) {
            if (all[i].getId() == id) {
                return all[i];
            }
        }
        return null;
    }
}
