package dev.poolguard.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The deadlock reporting delay ({@code DeadlockDelay} probe, agent only, {@code deadlock=fail}): from the
 * start of the wait that closes a deadlock to the {@code DeadlockDetectedException}, per shape, with no
 * backlog and with {@link #BACKLOG} tasks queued in the deadlocked pool. Budget (issue 12, the contract):
 * every one of them within {@link #MAX_MILLIS}, so the row is judged on the maximum.
 */
final class DelayPhase {
    static final double MAX_MILLIS = 50;
    static final int BACKLOG = 100_000;

    private final Settings settings;
    private final Table table;
    private final QuietMachine quiet;

    DelayPhase(Settings settings, Table table, QuietMachine quiet) {
        this.settings = settings;
        this.table = table;
        this.quiet = quiet;
    }

    void run(String jdk) throws IOException, InterruptedException {
        Log.progress("deadlock reporting delay on JDK " + jdk + ", " + settings.delayTrials
                + " deadlocks per shape and backlog");
        quiet.await();
        List<String> cmd = ChildProcess.java(settings.jdks.get(jdk), List.of(), settings.javaagent(failMode()),
                settings.helloCp, "DeadlockDelay", Integer.toString(settings.delayTrials), "0", Integer.toString(BACKLOG));
        ChildProcess.Launch run = ChildProcess.launch(cmd);
        Files.writeString(settings.out.resolve("delay-" + jdk + ".txt"), run.stdout() + "\n--- stderr\n" + run.stderr());
        // "delay SHAPE BACKLOG MILLIS kind-ok" or "delay SHAPE BACKLOG timeout"
        Map<String, List<String[]>> byCase = new LinkedHashMap<>();
        for (String line : run.stdout().lines().filter(l -> l.startsWith("delay ")).toList()) {
            String[] f = line.split(" ", 5);
            byCase.computeIfAbsent(f[1] + " " + f[2], k -> new ArrayList<>()).add(f);
        }
        if (run.status() != 0 || byCase.isEmpty()) {
            table.add(new Table.Row("JDK " + jdk + " deadlock reporting delay", "ms", "", "FAILED", "",
                    "max <= " + (int) MAX_MILLIS + " ms", Budget.MISS, "probe exit status " + run.status()
                    + "; see " + settings.out.resolve("delay-" + jdk + ".txt")));
            return;
        }
        byCase.forEach((key, trials) -> row(jdk, key, trials));
    }

    private void row(String jdk, String key, List<String[]> trials) {
        String[] shapeAndBacklog = key.split(" ");
        double[] millis = trials.stream().filter(f -> !f[3].equals("timeout"))
                .mapToDouble(f -> Double.parseDouble(f[3])).toArray();
        long timeouts = trials.size() - millis.length;
        List<String> wrongKinds = trials.stream().filter(f -> f.length > 4 && !f[4].equals("kind-ok"))
                .map(f -> f[4]).distinct().collect(Collectors.toList());
        double max = timeouts > 0 ? Double.POSITIVE_INFINITY : Stats.max(millis);
        Budget budget = Budget.atMost(MAX_MILLIS);
        String verdict = wrongKinds.isEmpty() ? budget.verdict(max) : Budget.MISS;
        String maxText = timeouts > 0 ? "none in " + timeouts + " case(s)" : Fmt.num(max) + " ms";
        table.add(new Table.Row(Fmt.format("JDK %s deadlock reporting delay, %s, %,d queued (agent only)", jdk,
                shapeAndBacklog[0], Integer.parseInt(shapeAndBacklog[1])), "ms", "-", Fmt.num(Stats.median(millis)),
                "-", "max " + maxText + " " + budget.text() + " ms", verdict,
                Fmt.format("closing wait's start to DeadlockDetectedException (deadlock=fail); median, and max of %d;"
                        + " p90 %s ms%s", trials.size(), Fmt.num(Stats.percentile(millis, 90)),
                        wrongKinds.isEmpty() ? "; kind right every time" : "; WRONG KIND: " + wrongKinds)));
    }

    /** The run's agent options with {@code deadlock=fail}: only fail mode ends a deadlock for the clock. */
    private String failMode() {
        List<String> options = new ArrayList<>();
        for (String option : settings.agentOpts.split(",")) {
            if (!option.isBlank() && !option.strip().startsWith("deadlock=")) {
                options.add(option.strip());
            }
        }
        options.add("deadlock=fail");
        return String.join(",", options);
    }
}
