package dev.poolguard.demo;

/**
 * One demo program. Each scenario shows one way of using thread pools, so that a person can run it
 * with and without the poolguard agent and compare what happens.
 */
interface Scenario {

    /** The name given on the command line, such as {@code self-wait}. */
    String name();

    /** One line for the scenario list. */
    String description();

    /**
     * Runs the scenario on the main thread.
     *
     * @return the process exit status: 0 for a normal end; anything else makes the dispatcher call
     *     {@code System.exit} with it (pool threads may still be alive then)
     */
    int run() throws Exception;

    /** Prints one line to stdout, prefixed with the scenario name so it reads well among agent logs. */
    default void say(String format, Object... args) {
        System.out.println(name() + ": " + String.format(format, args));
    }
}
