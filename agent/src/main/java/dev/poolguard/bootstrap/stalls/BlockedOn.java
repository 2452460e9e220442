package dev.poolguard.bootstrap.stalls;

import dev.poolguard.bootstrap.waits.Stacks;

/**
 * What a blocked worker waits for, in words a person reads ({@code blockedOn} of the {@code stall}
 * event): a future and its task, a lock and its owner, a latch and its count, a barrier, a phaser, a
 * semaphore, a sleep, I/O, else the blocker's class; each followed by the code that waits. Built from
 * plain data (see {@link Facts}), so the wording is tested table-driven without threads.
 */
final class BlockedOn {
    private static final String LATCH_SYNC = "java.util.concurrent.CountDownLatch$Sync";
    private static final String SEMAPHORE_SYNC = "java.util.concurrent.Semaphore$";
    private static final String LOCKS = "java.util.concurrent.locks.";

    /**
     * What is known of one blocked thread.
     *
     * @param state        its thread state
     * @param awaited      the future it waits on, described, when poolguard registered the wait (or the
     *                     blocker is a future); else null
     * @param blockerClass the class of {@code LockSupport.getBlocker(thread)}, or null
     * @param blockerText  the blocker's {@code toString()} when it is a JDK synchronizer (an AQS says its
     *                     state: a latch's count, a semaphore's permits), else null
     * @param lockName     the lock or monitor the JVM says it waits on ({@code ThreadInfo.getLockName()}), or null
     * @param lockOwner    the name of the thread that owns it, or null
     * @param stack        its stack, innermost frame first
     */
    record Facts(Thread.State state, String awaited, String blockerClass, String blockerText, String lockName,
                 String lockOwner, StackTraceElement[] stack) { }

    private BlockedOn() {
    }

    static String describe(Facts facts) {
        StackTraceElement[] stack = facts.stack() == null ? new StackTraceElement[0] : facts.stack();
        return what(facts, stack) + site(stack);
    }

    private static String what(Facts facts, StackTraceElement[] stack) {
        String blocker = facts.blockerClass();
        if (facts.awaited() != null) {
            return "the future " + facts.awaited();
        }
        if (calls(stack, "java.lang.Thread", "sleep")) {
            return "a sleep (Thread.sleep)";
        }
        if (LATCH_SYNC.equals(blocker) || calls(stack, "java.util.concurrent.CountDownLatch", "await")) {
            long count = aqsState(facts.blockerText());
            return "a CountDownLatch" + (count >= 0 ? " (count " + count + ")" : "");
        }
        if (blocker != null && blocker.startsWith(SEMAPHORE_SYNC)) {
            long permits = aqsState(facts.blockerText());
            return "a Semaphore" + (permits >= 0 ? " (" + permits + " permits left)" : "");
        }
        if (calls(stack, "java.util.concurrent.CyclicBarrier", "dowait")) {
            return "a CyclicBarrier";
        }
        if (blocker != null && blocker.startsWith("java.util.concurrent.Phaser")
                || calls(stack, "java.util.concurrent.Phaser", "awaitAdvance")) {
            return "a Phaser";
        }
        if (facts.state() == Thread.State.BLOCKED) {
            return "the monitor of " + orUnknown(facts.lockName()) + owner(facts.lockOwner());
        }
        if (calls(stack, "java.lang.Thread", "join")) {
            return "the end of a thread (Thread.join)";
        }
        if (calls(stack, "java.lang.Object", "wait")) {
            return "a wait on the monitor of " + orUnknown(facts.lockName()) + " (Object.wait)";
        }
        if (facts.lockOwner() != null || isLock(blocker)) {
            return "the lock " + orUnknown(facts.lockName() != null ? facts.lockName() : blocker) + owner(facts.lockOwner());
        }
        String in = innermostCaller(stack);
        if (io(stack)) {
            return "I/O" + (in == null ? "" : ", in " + in);
        }
        if (blocker != null && blocker.startsWith(LOCKS) && blocker.endsWith("$ConditionObject")) {
            return "a condition" + (in == null ? "" : ", in " + in);
        }
        if (blocker != null) {
            return "a " + blocker + (in == null ? "" : ", in " + in);
        }
        return "a park with no blocker" + (in == null ? "" : ", in " + in);
    }

    /** The lock classes of {@code java.util.concurrent.locks} (their AQS subclasses), not their conditions. */
    private static boolean isLock(String blocker) {
        return blocker != null && blocker.startsWith(LOCKS) && !blocker.endsWith("$ConditionObject")
                && (blocker.contains("ReentrantLock$") || blocker.contains("ReentrantReadWriteLock$")
                || blocker.contains("StampedLock"));
    }

    private static String owner(String lockOwner) {
        return lockOwner == null ? " (owner unknown)" : " held by thread '" + lockOwner + "'";
    }

    private static String orUnknown(String name) {
        return name == null ? "an unknown object" : name;
    }

    /** An AQS's state from its {@code toString()}: {@code ...[State = 1, nonempty queue]}; -1 if not there. */
    static long aqsState(String text) {
        if (text == null) {
            return -1;
        }
        int at = text.lastIndexOf("[State = ");
        if (at < 0) {
            return -1;
        }
        int from = at + "[State = ".length();
        int to = from;
        while (to < text.length() && Character.isDigit(text.charAt(to))) {
            to++;
        }
        if (to == from || to - from > 18) {
            return -1;
        }
        return Long.parseLong(text.substring(from, to));
    }

    /** A frame of {@code className} whose method is {@code method} or starts with it ({@code sleep0}, {@code sleepNanos}). */
    private static boolean calls(StackTraceElement[] stack, String className, String method) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().equals(className) && frame.getMethodName().startsWith(method)) {
                return true;
            }
        }
        return false;
    }

    /** Reading or writing a socket, a channel or a file, as the JDK's frames show it. */
    private static boolean io(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String type = frame.getClassName();
            if (type.startsWith("sun.nio.ch.") || type.startsWith("java.net.") || type.startsWith("sun.nio.fs.")
                    || type.startsWith("java.io.FileInputStream") || type.startsWith("java.io.FileOutputStream")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The innermost frame that says more than the park itself: not the park's machinery
     * ({@code jdk.internal}, {@code LockSupport}, the AQS), as {@code class.method}; null when that is the
     * application's own frame (the site says it).
     */
    private static String innermostCaller(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String type = frame.getClassName();
            if (type.startsWith("jdk.internal.") || type.startsWith(LOCKS) || isOwn(type)) {
                continue;
            }
            return jdk(type) ? type + "." + frame.getMethodName() : null;
        }
        return null;
    }

    /** {@code , at} the first frame outside the JDK (the code that waits), or the innermost frame. */
    private static String site(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (!jdk(frame.getClassName()) && !isOwn(frame.getClassName())) {
                return ", at " + format(frame);
            }
        }
        return stack.length == 0 ? "" : ", at " + format(stack[0]);
    }

    private static boolean jdk(String type) {
        return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.") || type.startsWith("javax.");
    }

    private static boolean isOwn(String type) {
        return Stacks.isOwn(type);
    }

    private static String format(StackTraceElement frame) {
        String file = frame.getFileName();
        return frame.getClassName() + "." + frame.getMethodName() + "("
                + (frame.isNativeMethod() ? "Native Method" : file == null ? "Unknown Source"
                : file + (frame.getLineNumber() >= 0 ? ":" + frame.getLineNumber() : "")) + ")";
    }
}
