package dev.poolguard.it.programs;

/**
 * Shape: a long-running service that gets killed from outside. Prints "MAIN RAN" and "READY", then
 * waits forever; the test sends kill -9 and checks the report written so far.
 */
public final class ReadyAndWait {
    public static void main(String[] args) {
        Out.line("MAIN RAN");
        Out.line("READY");
        Work.forever();
    }
}
