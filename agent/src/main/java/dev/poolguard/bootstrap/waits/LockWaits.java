package dev.poolguard.bootstrap.waits;

import dev.poolguard.bootstrap.Faults;
import dev.poolguard.bootstrap.Privileged;
import java.lang.management.ManagementFactory;
import java.lang.management.LockInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.locks.AbstractOwnableSynchronizer;
import java.util.concurrent.locks.LockSupport;

/**
 * Who holds the lock a thread is blocked acquiring: an owned {@code java.util.concurrent.locks} lock (a
 * {@code ReentrantLock}, a write lock: anything built on {@code AbstractOwnableSynchronizer} that records
 * its exclusive owner) or a monitor ({@code synchronized}).
 *
 * <p>Lock waits are not instrumented: this is asked only while a long future wait is analysed, about the
 * threads its walk reaches that wait on no future. A thread that is neither parked on an ownable
 * synchronizer nor {@code BLOCKED} costs two plain reads (its park blocker and its state), and so does
 * one parked on a latch or a semaphore (ownable in type, never owned). Otherwise the JDK's own lock
 * bookkeeping is read with {@link ThreadMXBean#getThreadInfo(long, int)} with depth 0, which takes no
 * stack and so stops no thread: measured on 17.0.15 and 25.0.3 with {@code -Xlog:safepoint}, 1,000 calls
 * caused no safepoint (depth 1: one {@code ThreadDump} safepoint per call), at 6-11 µs a call.
 *
 * <p>What counts as blocked on a lock, and what does not:
 * <ul>
 * <li>{@code BLOCKED} (entering a monitor, or re-entering it after {@code Object.wait} was notified): the
 *     monitor's owner.</li>
 * <li>Parked acquiring an ownable synchronizer: its exclusive owner (a read lock waits for the writer
 *     that holds the write lock; a write lock held only by readers has no owner: unknown, so progress).
 *     A {@code tryLock(timeout)} is such a wait, with a timeout.</li>
 * <li>In {@code Object.wait} or a {@code Condition.await}: not blocked on a lock (it released it); the
 *     JDK reports the monitor's current owner there too, which must not become an edge.</li>
 * </ul>
 * Anything it cannot tell (a virtual thread, an owner that is no live platform thread, a JVM without
 * {@code java.management}) is "not blocked on a lock": progress, never a false report.
 *
 * <p>One instance per check: the threads are enumerated at most once (only when a lock edge exists), and
 * what it found is kept for the report, so the report shows the edges the verdict was made of.
 */
public final class LockWaits {
    /** Park blockers that are ownable in type but never owned: no need to ask the JVM. */
    private static final String[] OWNERLESS = {
            "java.util.concurrent.CountDownLatch$", "java.util.concurrent.Semaphore$"};

    private static volatile boolean broken;

    /** The lock waits found by this check, by waiting thread. */
    private Map<Thread, LockWait> found;
    /** Every live platform thread, read once per check, when the first owner is looked up. */
    private Thread[] threads;

    /**
     * A thread's wait for a lock.
     *
     * @param ownerId   the id of the thread that owns the lock
     * @param ownerName that thread's name
     * @param lock      the lock as {@link ThreadInfo#getLockName()} names it: its class and identity hash in
     *                  hex, for a {@code java.util.concurrent} lock its synchronizer (such as
     *                  {@code java.util.concurrent.locks.ReentrantLock$NonfairSync@1b6d3586})
     * @param timed     the wait has a timeout ({@code tryLock(time, unit)}), so it ends by itself
     */
    public record LockWait(long ownerId, String ownerName, String lock, boolean timed) {
        /** As the report has it. */
        public DeadlockReport.HeldLock held() {
            return new DeadlockReport.HeldLock(lock, ownerName);
        }
    }

    /** The thread owning the lock {@code thread} is blocked acquiring, or null; remembered for the report. */
    Thread ownerBlocking(Thread thread) {
        LockWait wait = of(thread);
        if (wait == null) {
            return null;
        }
        Thread owner = liveThread(wait.ownerId());
        if (owner == null || owner == thread) {
            return null;
        }
        if (found == null) {
            found = new IdentityHashMap<>(4);
        }
        found.put(thread, wait);
        return owner;
    }

    /** Whether the lock wait this check found for {@code thread} has a timeout. */
    boolean timed(Thread thread) {
        LockWait wait = waitOf(thread);
        return wait != null && wait.timed();
    }

    /** The lock wait of {@code thread} that {@link #ownerBlocking} found in this check, or null. */
    LockWait waitOf(Thread thread) {
        return found == null ? null : found.get(thread);
    }

    /**
     * What {@code thread} is blocked acquiring, read now, or null when it is not blocked on an owned lock.
     * For the live analysis and for {@code attach}'s snapshot alike.
     */
    @SuppressWarnings("deprecation") // getId(): threadId() is JDK 19+
    public static LockWait of(Thread thread) {
        if (thread == null || broken) {
            return null;
        }
        Object blocker = LockSupport.getBlocker(thread);
        Thread.State state = thread.getState();
        boolean monitor = state == Thread.State.BLOCKED;
        if (!monitor && !(ownable(blocker) && parked(state))) {
            return null; // the common case: two reads
        }
        ThreadInfo info = threadInfo(thread.getId());
        if (info == null || info.getLockOwnerId() < 0 || info.getLockOwnerId() == thread.getId()) {
            return null;
        }
        // The JVM's snapshot must show the same wait the reads above saw: a monitor entry for a BLOCKED
        // thread, a park on this very synchronizer otherwise (not an Object.wait, whose monitor's owner
        // the JVM reports too, and not a later park).
        LockInfo lock = info.getLockInfo();
        Thread.State seen = info.getThreadState();
        if (lock == null || (monitor ? seen != Thread.State.BLOCKED
                : !parked(seen) || lock.getIdentityHashCode() != System.identityHashCode(blocker)
                || LockSupport.getBlocker(thread) != blocker)) {
            return null;
        }
        return new LockWait(info.getLockOwnerId(), info.getLockOwnerName(), info.getLockName(),
                !monitor && seen == Thread.State.TIMED_WAITING);
    }

    private static boolean ownable(Object blocker) {
        if (!(blocker instanceof AbstractOwnableSynchronizer)) {
            return false;
        }
        String type = blocker.getClass().getName();
        for (String ownerless : OWNERLESS) {
            if (type.startsWith(ownerless)) {
                return false;
            }
        }
        return true;
    }

    private static boolean parked(Thread.State state) {
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    /**
     * The JVM's view of one thread, without its stack. Under a SecurityManager this needs
     * {@code ManagementPermission("monitor")}, which poolguard has and the application on the stack may
     * not. A JVM that cannot answer (no {@code java.management} module) turns lock edges off for good.
     */
    private static ThreadInfo threadInfo(long id) {
        try {
            return Privileged.call(() -> Mx.THREADS.getThreadInfo(id, 0));
        } catch (LinkageError | RuntimeException unavailable) {
            broken = true;
            Faults.suppressed(Faults.Feature.LOCK_WAITS, unavailable);
            return null;
        }
    }

    /** The live platform thread with {@code id}, or null: the threads are read once per check. */
    @SuppressWarnings("deprecation") // getId(): threadId() is JDK 19+
    private Thread liveThread(long id) {
        if (threads == null) {
            threads = liveThreads();
        }
        for (Thread candidate : threads) {
            if (candidate != null && candidate.getId() == id) {
                return candidate;
            }
        }
        return null;
    }

    private static Thread[] liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root != null && root.getParent() != null) {
            root = root.getParent();
        }
        if (root == null) {
            return new Thread[0];
        }
        Thread[] all = new Thread[root.activeCount() + 16];
        int count;
        while ((count = root.enumerate(all, true)) == all.length) {
            all = new Thread[all.length * 2];
        }
        return java.util.Arrays.copyOf(all, count);
    }

    /** Loaded on first use: {@code java.management} is touched only once a lock wait is met. */
    private static final class Mx {
        static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    }
}
