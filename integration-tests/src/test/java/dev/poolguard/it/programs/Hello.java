package dev.poolguard.it.programs;

/**
 * Shape: a plain program with no pools at all. Prints "MAIN RAN" and a greeting, then ends as args[0]
 * says: "return" (main returns: status 0), "exit N" (System.exit(N)), "throw" (an uncaught exception
 * from main: status 1). Used for exit-status transparency, stdout cleanliness and bad-option tests.
 */
public final class Hello {
    public static void main(String[] args) {
        Out.line("MAIN RAN");
        Out.line("hello from main");
        String how = args.length > 0 ? args[0] : "return";
        switch (how) {
            case "return":
                return;
            case "exit":
                System.exit(Integer.parseInt(args[1]));
                return;
            case "throw":
                throw new IllegalStateException("thrown from main on purpose");
            default:
                throw new IllegalArgumentException("unknown ending " + how);
        }
    }
}
