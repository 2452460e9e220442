package dev.poolguard.bootstrap.waits;

import java.util.Arrays;

/** Stack traces as a person wants them: poolguard's own frames removed from the top. */
public final class Stacks {
    private static final String[] OWN_PACKAGES = {"dev.poolguard.bootstrap.", "dev.poolguard.agent."};
    /** How deep {@link #callSite} looks: poolguard's frames, the JDK's wait, and the caller are near the top. */
    private static final int MAX_CALL_SITE_DEPTH = 64;

    private Stacks() {
    }

    /** The calling thread's stack, starting at the first frame that is not poolguard's. */
    public static StackTraceElement[] here() {
        return withoutOwnFrames(new Throwable().getStackTrace());
    }

    /**
     * The code that called the wait on the calling thread: its first frame outside poolguard and outside
     * {@code java.util.concurrent} (so the application's {@code get}, {@code join} or {@code invokeAll}
     * call, not the JDK method that waits on its behalf), as {@code class.method(File:line)}. Walks only
     * as far as that frame, without capturing the stack.
     */
    static String callSite() {
        StackWalker.StackFrame frame = StackWalker.getInstance().walk(Stacks::firstApplicationFrame);
        if (frame == null) {
            return "unknown";
        }
        String file = frame.getFileName();
        return frame.getClassName() + "." + frame.getMethodName() + "("
                + (file == null ? "Unknown Source" : file + (frame.getLineNumber() >= 0 ? ":" + frame.getLineNumber() : ""))
                + ")";
    }

    /** Below poolguard's outermost frame (what it called, a {@code doPrivileged} included, is skipped). */
    private static StackWalker.StackFrame firstApplicationFrame(java.util.stream.Stream<StackWalker.StackFrame> frames) {
        java.util.List<StackWalker.StackFrame> top = frames.limit(MAX_CALL_SITE_DEPTH).toList();
        int outermostOwn = -1;
        for (int i = 0; i < top.size(); i++) {
            if (isOwn(top.get(i).getClassName())) {
                outermostOwn = i;
            }
        }
        for (int i = outermostOwn + 1; i < top.size(); i++) {
            if (!top.get(i).getClassName().startsWith("java.util.concurrent.")) {
                return top.get(i);
            }
        }
        return null;
    }

    /** {@code thread}'s stack; for the calling thread, without the frames that asked for it. */
    public static StackTraceElement[] of(Thread thread) {
        return withoutOwnFrames(thread.getStackTrace());
    }

    /**
     * Everything above poolguard's outermost frame goes: poolguard's own frames, and whatever they
     * called (string building, a task's {@code toString}, {@code Thread.getStackTrace}, a
     * {@code doPrivileged}). What is left starts where the application's code called into the JDK.
     */
    public static StackTraceElement[] withoutOwnFrames(StackTraceElement[] stack) {
        int outermostOwn = -1;
        for (int i = 0; i < stack.length; i++) {
            if (isOwn(stack[i].getClassName())) {
                outermostOwn = i;
            }
        }
        return outermostOwn < 0 ? stack : Arrays.copyOfRange(stack, outermostOwn + 1, stack.length);
    }

    /** poolguard's runtime and agent (not, say, an application or demo that shares the prefix). */
    public static boolean isOwn(String className) {
        for (String prefix : OWN_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
