package dev.poolguard.agent.check;

import java.util.List;

/**
 * Picks, from a report's stack (frames as {@code class.method(File:line)}, innermost first), the frame
 * a person wants to see: the innermost one in the application's own code, that is outside the JDK.
 * A stack entirely in the JDK gives its first frame outside the waiting machinery (parking, futures).
 */
final class CallSite {
    private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    private static final List<String> WAITING = List.of(
            "java.util.concurrent.FutureTask", "java.util.concurrent.CompletableFuture",
            "java.util.concurrent.locks.", "java.util.concurrent.ForkJoinPool.managedBlock",
            "jdk.internal.misc.Unsafe", "sun.misc.Unsafe", "java.lang.Thread.sleep", "java.lang.Object.wait",
            "java.lang.VirtualThread.park", "java.lang.Thread.getStackTrace");

    private CallSite() {
    }

    /** The frame to show, or {@code "unknown"} for an empty or missing stack. */
    static String of(List<?> stack) {
        if (stack == null || stack.isEmpty()) {
            return "unknown";
        }
        for (Object frame : stack) {
            if (frame instanceof String && !startsWithAny(className((String) frame), JDK_PACKAGES)) {
                return (String) frame;
            }
        }
        for (Object frame : stack) {
            if (frame instanceof String && !startsWithAny((String) frame, WAITING)) {
                return (String) frame;
            }
        }
        Object first = stack.get(0);
        return first instanceof String ? (String) first : "unknown";
    }

    /** {@code a.b.C$D.m(F.java:1)} gives {@code a.b.C$D}. */
    static String className(String frame) {
        int paren = frame.indexOf('(');
        String method = paren < 0 ? frame : frame.substring(0, paren);
        int dot = method.lastIndexOf('.');
        return dot < 0 ? method : method.substring(0, dot);
    }

    private static boolean startsWithAny(String text, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (text.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
