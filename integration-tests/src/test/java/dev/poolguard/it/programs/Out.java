package dev.poolguard.it.programs;

/**
 * Line-at-a-time stdout for the child programs: each line is flushed at once, so the test sees it even
 * when the JVM halts right after, and lines from several threads never interleave.
 */
public final class Out {
    private Out() {}

    public static void line(String text) {
        synchronized (System.out) {
            System.out.println(text);
            System.out.flush();
        }
    }
}
