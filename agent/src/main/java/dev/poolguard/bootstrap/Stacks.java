package dev.poolguard.bootstrap;

import java.util.Arrays;

/** Stack traces as a person wants them: poolguard's own frames removed from the top. */
public final class Stacks {
    private static final String OWN_PACKAGE = "dev.poolguard.";

    private Stacks() {
    }

    /** The calling thread's stack, starting at the first frame that is not poolguard's. */
    public static StackTraceElement[] here() {
        return withoutOwnFrames(new Throwable().getStackTrace());
    }

    /** {@code thread}'s stack; for the calling thread, without the frames that asked for it. */
    public static StackTraceElement[] of(Thread thread) {
        return withoutOwnFrames(thread.getStackTrace());
    }

    static StackTraceElement[] withoutOwnFrames(StackTraceElement[] stack) {
        int first = 0;
        while (first < stack.length && (stack[first].getClassName().startsWith(OWN_PACKAGE)
                || stack[first].getClassName().equals("java.security.AccessController") // under a SecurityManager
                || stack[first].getClassName().equals("java.lang.Thread")
                && stack[first].getMethodName().equals("getStackTrace"))) {
            first++;
        }
        return first == 0 ? stack : Arrays.copyOfRange(stack, first, stack.length);
    }
}
