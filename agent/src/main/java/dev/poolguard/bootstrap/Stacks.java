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

    static StackTraceElement[] withoutOwnFrames(StackTraceElement[] stack) {
        int first = 0;
        while (first < stack.length && stack[first].getClassName().startsWith(OWN_PACKAGE)) {
            first++;
        }
        return first == 0 ? stack : Arrays.copyOfRange(stack, first, stack.length);
    }
}
