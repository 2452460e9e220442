package dev.poolguard.agent.install;

import net.bytebuddy.jar.asm.ClassReader;

/**
 * Which of Guava's classes holds the blocking wait, decided by class name and shape, never by a version
 * string (a shaded copy has none): up to Guava 33.4.5 {@code AbstractFuture} waits in its own
 * {@code get}; from 33.4.6 on, {@code AbstractFuture} extends {@code AbstractFutureState}, which waits in
 * {@code blockingGet}. Matched by the name's tail, so a copy relocated under another package prefix is
 * understood too. Plain Java over class bytes: no Guava class is ever loaded by the agent.
 */
final class GuavaLayout {
    static final String PACKAGE_TAIL = "com/google/common/util/concurrent/";
    static final String ABSTRACT_FUTURE = "AbstractFuture";
    static final String STATE = "AbstractFutureState";

    /** What became of one class offered. */
    enum Outcome {
        /** Not one of the two classes: untouched, nothing to say. */
        OTHER,
        /** The waits were rewritten. */
        REWRITTEN,
        /** {@code AbstractFuture} of the newer layout: its waits are its superclass's, rewritten there. */
        WAITS_ELSEWHERE,
        /** One of the two classes, shaped as no known version: left as it is, its waits not understood. */
        NOT_UNDERSTOOD
    }

    /** The outcome, the rewritten class (REWRITTEN only), and why (NOT_UNDERSTOOD only). */
    record Result(Outcome outcome, byte[] rewritten, String why) { }

    private static final Result OTHER = new Result(Outcome.OTHER, null, null);

    private GuavaLayout() {
    }

    /** Whether {@code className} (internal name) is one of the two classes; cheap, called for every class loaded. */
    static boolean candidate(String className) {
        return (className.endsWith(ABSTRACT_FUTURE) || className.endsWith(STATE)) && name(className) != null;
    }

    /** Decides and, where it can, rewrites. Never throws. */
    static Result apply(String className, byte[] classFile) {
        String name = className == null ? null : name(className);
        if (name == null) {
            return OTHER;
        }
        try {
            if (name.equals(ABSTRACT_FUTURE)) {
                String superName = new ClassReader(classFile).getSuperName();
                if (superName != null && superName.equals(packageOf(className) + STATE)) {
                    return new Result(Outcome.WAITS_ELSEWHERE, null, null);
                }
                return rewritten(GuavaWaitRewriter.inAbstractFuture(className).apply(classFile));
            }
            return rewritten(GuavaWaitRewriter.inAbstractFutureState(className).apply(classFile));
        } catch (Throwable failure) {
            return new Result(Outcome.NOT_UNDERSTOOD, null,
                    failure.getMessage() != null ? failure.getMessage() : failure.toString());
        }
    }

    private static Result rewritten(byte[] bytes) {
        return new Result(Outcome.REWRITTEN, bytes, null);
    }

    /** "AbstractFuture" or "AbstractFutureState" if the class is one of them (in Guava's package, maybe relocated). */
    private static String name(String className) {
        int slash = className.lastIndexOf('/');
        int packageStart = slash + 1 - PACKAGE_TAIL.length();
        if (slash < 0 || !className.startsWith(PACKAGE_TAIL, packageStart)
                || packageStart > 0 && className.charAt(packageStart - 1) != '/') {
            return null; // Guava's package, or a relocation of it under a prefix: never a longer name
        }
        String simple = className.substring(slash + 1);
        return simple.equals(ABSTRACT_FUTURE) || simple.equals(STATE) ? simple : null;
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('/') + 1);
    }
}
