package dev.poolguard.bench.compare;

import java.io.IOException;
import java.util.List;

import dev.poolguard.bench.compare.ChildProcess.Launch;

/**
 * {@code System.exit} after pool work with nothing in flight ({@code ShutdownAfterWork}): from the
 * child's {@code exit-at} stamp to the process being gone, same monotonic clock, plain and agent runs
 * alternating.
 */
final class ShutdownPhase {
    static final double ADDED_MILLIS = 2;

    private final Settings settings;
    private final Table table;
    private final QuietMachine quiet;

    ShutdownPhase(Settings settings, Table table, QuietMachine quiet) {
        this.settings = settings;
        this.table = table;
        this.quiet = quiet;
    }

    void run(String jdk) throws IOException, InterruptedException {
        String java = settings.jdks.get(jdk);
        int runs = settings.startupRuns;
        Log.progress("shutdown after work on JDK " + jdk + ", " + runs + " runs each");
        quiet.await();
        List<String> plainCmd = ChildProcess.java(java, List.of(), null, settings.helloCp, "ShutdownAfterWork");
        List<String> agentCmd = ChildProcess.java(java, List.of(), settings.javaagent(), settings.helloCp,
                "ShutdownAfterWork");
        ChildProcess.launch(plainCmd); // warm the file cache; not counted
        ChildProcess.launch(agentCmd);
        double[] plain = new double[runs];
        double[] agent = new double[runs];
        double[] plainTotal = new double[runs];
        double[] agentTotal = new double[runs];
        String stderr = "";
        for (int i = 0; i < runs; i++) {
            Launch p = ChildProcess.launch(plainCmd);
            Launch a = ChildProcess.launch(agentCmd);
            plain[i] = p.exitMillis();
            agent[i] = a.exitMillis();
            plainTotal[i] = p.millis();
            agentTotal[i] = a.millis();
            if (stderr.isEmpty() && !a.stderr().isBlank()) {
                stderr = a.stderr().strip().lines().findFirst().orElse("");
            }
        }
        double pm = Stats.median(plain);
        double am = Stats.median(agent);
        double added = am - pm;
        double[] interval = RatioInterval.ofDifference(plain, agent);
        Budget budget = Budget.atMost(ADDED_MILLIS);
        table.add(new Table.Row("JDK " + jdk + " System.exit after pool work (nothing in flight)", "ms",
                Fmt.num(pm), Fmt.num(am), Fmt.ratio(am / pm),
                "added " + Fmt.signed(added) + " ms " + budget.text() + " ms", budget.verdict(added, interval),
                Fmt.format("from System.exit to process end; added 95%% CI %s-%s ms; whole process %s -> %s ms%s",
                        Fmt.signed(interval[0]), Fmt.signed(interval[1]), Fmt.num(Stats.median(plainTotal)),
                        Fmt.num(Stats.median(agentTotal)), stderr.isEmpty() ? "" : "; agent stderr: " + stderr)));
    }
}
