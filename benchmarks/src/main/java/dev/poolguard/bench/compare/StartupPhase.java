package dev.poolguard.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import dev.poolguard.bench.compare.ChildProcess.Launch;

/**
 * Hello-world start-up, plain and with the agent alternating, per JDK and CDS setting: wall time of the
 * whole process (median), the agent's max RSS (from GNU time, separate runs so the wall times stay those
 * of an unwrapped process), and whether the agent wrote anything on stderr but its INFO shutdown summary.
 */
final class StartupPhase {
    static final double ADDED_MILLIS = 150;
    static final double ADDED_RSS_MIB = 10;

    private final Settings settings;
    private final Table table;
    private final QuietMachine quiet;

    StartupPhase(Settings settings, Table table, QuietMachine quiet) {
        this.settings = settings;
        this.table = table;
        this.quiet = quiet;
    }

    void run(String jdk) throws IOException, InterruptedException {
        String java = settings.jdks.get(jdk);
        for (List<String> cds : List.of(List.<String>of(), List.of("-Xshare:off"))) {
            String variant = cds.isEmpty() ? "CDS default" : cds.get(0);
            int runs = settings.startupRuns;
            Log.progress("start-up on JDK " + jdk + " (" + variant + "), " + runs + " runs each");
            quiet.await();
            List<String> plainCmd = ChildProcess.java(java, cds, null, settings.helloCp, "HelloWorld");
            List<String> agentCmd = ChildProcess.java(java, cds, settings.javaagent(), settings.helloCp, "HelloWorld");
            ChildProcess.launch(plainCmd); // warm the file cache; not counted
            ChildProcess.launch(agentCmd);
            double[] plain = new double[runs];
            double[] agent = new double[runs];
            String warning = "";
            String info = "";
            boolean helloOk = true;
            for (int i = 0; i < runs; i++) {
                Launch p = ChildProcess.launch(plainCmd);
                Launch a = ChildProcess.launch(agentCmd);
                plain[i] = p.millis();
                agent[i] = a.millis();
                helloOk &= p.stdout().strip().equals("hello") && a.stdout().strip().equals("hello") && a.status() == 0;
                for (String line : a.stderr().lines().toList()) {
                    if (line.startsWith("[poolguard] INFO ")) {
                        info = info.isEmpty() ? line : info;
                    } else if (!line.isBlank() && warning.isEmpty()) {
                        warning = line;
                    }
                }
            }
            double pm = Stats.median(plain);
            double am = Stats.median(agent);
            double added = am - pm;
            double[] interval = RatioInterval.ofDifference(plain, agent);
            Budget budget = Budget.atMost(ADDED_MILLIS);
            table.add(new Table.Row("JDK " + jdk + " hello-world start-up, " + variant, "ms", Fmt.num(pm),
                    Fmt.num(am), Fmt.ratio(am / pm), "added " + Fmt.signed(added) + " ms " + budget.text() + " ms",
                    helloOk ? budget.verdict(added, interval) : Budget.MISS,
                    Fmt.format("wall time of the whole process, median of %d; added 95%% CI %s-%s ms%s", runs,
                            Fmt.signed(interval[0]), Fmt.signed(interval[1]), helloOk ? "" : "; WRONG OUTPUT")));
            table.add(new Table.Row("JDK " + jdk + " agent warnings on stderr, " + variant, "", "",
                    warning.isEmpty() ? "none" : "SOME", "", "none", warning.isEmpty() ? Budget.OK : Budget.MISS,
                    (warning.isEmpty() ? "" : warning + "; ")
                            + (info.isEmpty() ? "stderr empty" : "only INFO at exit: " + info)));
            maxRss(jdk, variant, plainCmd, agentCmd);
        }
    }

    private void maxRss(String jdk, String variant, List<String> plainCmd, List<String> agentCmd)
            throws IOException, InterruptedException {
        String label = "JDK " + jdk + " hello-world max RSS, " + variant;
        if (!Files.isExecutable(ChildProcess.GNU_TIME)) {
            table.add(new Table.Row(label, "MiB", "", "", "", "added <= " + (int) ADDED_RSS_MIB + " MiB",
                    Budget.MISS, "not measured: no " + ChildProcess.GNU_TIME + " (apt-get install time)"));
            return;
        }
        int runs = settings.startupRuns;
        double[] plain = new double[runs];
        double[] agent = new double[runs];
        for (int i = 0; i < runs; i++) {
            plain[i] = ChildProcess.launch(plainCmd, true).maxRssKib() / 1024.0;
            agent[i] = ChildProcess.launch(agentCmd, true).maxRssKib() / 1024.0;
        }
        double pm = Stats.median(plain);
        double am = Stats.median(agent);
        double added = am - pm;
        double[] interval = RatioInterval.ofDifference(plain, agent);
        Budget budget = Budget.atMost(ADDED_RSS_MIB);
        table.add(new Table.Row(label, "MiB", Fmt.num(pm), Fmt.num(am), Fmt.ratio(am / pm),
                "added " + Fmt.signed(added) + " MiB " + budget.text() + " MiB", budget.verdict(added, interval),
                Fmt.format("peak resident set of the whole process (GNU time), median of %d; added 95%% CI %s-%s MiB",
                        runs, Fmt.signed(interval[0]), Fmt.signed(interval[1]))));
    }
}
