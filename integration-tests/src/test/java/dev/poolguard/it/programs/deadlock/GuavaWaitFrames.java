package dev.poolguard.it.programs.deadlock;

/**
 * The frames of Guava's blocking wait, as poolguard rewrites it: {@code AbstractFuture.get} up to Guava
 * 33.4.5, {@code AbstractFutureState.blockingGet} from 33.4.6 on (GuavaIT runs one of each).
 */
public final class GuavaWaitFrames {
    private static final String PACKAGE = "com.google.common.util.concurrent.";

    private GuavaWaitFrames() {}

    /** Whether class {@code cls}, method {@code method} is that wait. */
    public static boolean is(String cls, String method) {
        return (cls.equals(PACKAGE + "AbstractFuture") && method.equals("get"))
                || (cls.equals(PACKAGE + "AbstractFutureState") && method.equals("blockingGet"));
    }

    /** The same for a frame printed {@code class.method(File:line)}. */
    public static boolean is(String frame) {
        int paren = frame.indexOf('(');
        int dot = paren < 0 ? -1 : frame.lastIndexOf('.', paren);
        return dot > 0 && is(frame.substring(0, dot), frame.substring(dot + 1, paren));
    }
}
