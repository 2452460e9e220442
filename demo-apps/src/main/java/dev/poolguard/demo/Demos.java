package dev.poolguard.demo;

import java.util.List;

/**
 * Entry point of {@code poolguard-demos.jar}: picks the scenario named on the command line and runs
 * it. It holds no demo logic of its own.
 */
public final class Demos {

    private static final List<Scenario> SCENARIOS = List.of(
            new ShutdownRace(),
            new Healthy(),
            new SelfWait(),
            new SubmitAndWait(),
            new MutualWait());

    private Demos() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            printScenarios();
            return;
        }
        Scenario scenario = find(args[0]);
        if (scenario == null || args.length > 1) {
            System.err.println(scenario == null
                    ? "poolguard-demos: unknown scenario '" + args[0] + "'"
                    : "poolguard-demos: expected one scenario name, got " + args.length + " arguments");
            printScenarios();
            System.exit(2);
        }
        int status;
        try {
            status = scenario.run();
        } catch (Exception e) {
            System.err.println(scenario.name() + ": failed unexpectedly");
            e.printStackTrace();
            status = 1;
        }
        // A normal end returns from main, so the JVM exits by itself once the scenario has shut its
        // pools down (the healthy scenario depends on this). Any other status must be forced: pool
        // threads that are still alive would otherwise keep the JVM running.
        if (status != 0) {
            System.exit(status);
        }
    }

    private static Scenario find(String name) {
        for (Scenario scenario : SCENARIOS) {
            if (scenario.name().equals(name)) {
                return scenario;
            }
        }
        return null;
    }

    private static void printScenarios() {
        System.out.println("usage: java [-javaagent:poolguard-agent.jar] -jar poolguard-demos.jar SCENARIO");
        System.out.println();
        System.out.println("scenarios:");
        for (Scenario scenario : SCENARIOS) {
            System.out.printf("  %-16s %s%n", scenario.name(), scenario.description());
        }
    }
}
