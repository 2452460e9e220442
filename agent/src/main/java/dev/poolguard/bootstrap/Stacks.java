package dev.poolguard.bootstrap;

import java.util.Arrays;

/** Stack traces as a person wants them: poolguard's own frames removed from the top. */
public final class Stacks {
    private static final String[] OWN_PACKAGES = {"dev.poolguard.bootstrap.", "dev.poolguard.agent."};

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
        StackWalker.StackFrame frame = StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !isOwn(f.getClassName()) && !f.getClassName().startsWith("java.util.concurrent."))
                .findFirst().orElse(null));
        if (frame == null) {
            return "unknown";
        }
        String file = frame.getFileName();
        return frame.getClassName() + "." + frame.getMethodName() + "("
                + (file == null ? "Unknown Source" : file + (frame.getLineNumber() >= 0 ? ":" + frame.getLineNumber() : ""))
                + ")";
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
    static StackTraceElement[] withoutOwnFrames(StackTraceElement[] stack) {
        int outermostOwn = -1;
        for (int i = 0; i < stack.length; i++) {
            if (isOwn(stack[i].getClassName())) {
                outermostOwn = i;
            }
        }
        return outermostOwn < 0 ? stack : Arrays.copyOfRange(stack, outermostOwn + 1, stack.length);
    }

    /** poolguard's runtime and agent (not, say, an application or demo that shares the prefix). */
    static boolean isOwn(String className) {
        for (String prefix : OWN_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
