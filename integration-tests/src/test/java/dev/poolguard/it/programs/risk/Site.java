package dev.poolguard.it.programs.risk;

/** The calling frame as poolguard's {@code site} writes it: {@code class.method(File:line)}. */
public final class Site {
    private Site() {}

    /** The frame that called this method; call it on the same line as the wait it names. */
    public static String here() {
        StackWalker.StackFrame frame = StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElseThrow();
        return frame.getClassName() + "." + frame.getMethodName() + "(" + frame.getFileName() + ":"
                + frame.getLineNumber() + ")";
    }
}
