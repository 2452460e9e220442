package dev.poolguard.it.stress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.poolguard.it.ChildJvm;
import dev.poolguard.it.Jdk;
import dev.poolguard.it.Report;
import dev.poolguard.it.stress.ForkJoinStress.FjSpec;
import dev.poolguard.it.stress.StressGen.Mode;

/**
 * Runs ForkJoin stress programs ({@link ForkJoinStress}) in one child per mode and checks each against its ground
 * truth: the outcomes of its outer tasks; with the agent, exactly one STARVATION deadlock naming its workers for a
 * starving program (and no event at all from a twin's threads), and a risk only from a starving program.
 */
final class ForkJoinStressRun {
    private static final Pattern LINE = Pattern.compile("^FJ (\\d+) pool=(\\S+) result=(\\S*)$");
    private static final Pattern TAG = Pattern.compile("^j(\\d+)-");

    private ForkJoinStressRun() {
    }

    /** Runs {@code seeds} in {@code mode}; adds failures (with seeds) and, if given, each seed's result line. */
    static long run(Jdk jdk, Mode mode, List<Long> seeds, List<String> failures, Map<Long, String> results) {
        if (seeds.isEmpty()) return 0;
        StringBuilder list = new StringBuilder();
        for (long s : seeds) list.append(list.length() == 0 ? "" : ",").append(s);
        ChildJvm child = ChildJvm.on(jdk).label("stress-fj-" + mode.name().toLowerCase())
                .timeout(Duration.ofSeconds(120 + 3L * seeds.size())).jvmFlags("-Xmx256m");
        if (mode == Mode.NONE) child.noAgent();
        else child.withReport().agent(mode == Mode.FAIL ? "deadlock=fail" : "");
        long start = System.nanoTime();
        ChildJvm.Result r = child.main(ForkJoinStressChild.class, "mode=" + mode, "seeds=" + list).run();
        long millis = (System.nanoTime() - start) / 1_000_000;
        String where = "ForkJoin " + mode + " batch on " + jdk + " (work dir " + r.workDir() + ")";
        if (r.timedOut() || r.exitCode() != 0 || !r.printed("FJ DONE " + seeds.size())) {
            failures.add(where + ": the child did not finish cleanly (exit " + r.exitCode() + ")\n" + r.describe());
            return millis;
        }
        Map<Long, String> got = new HashMap<>();
        for (String line : r.stdoutLines()) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) got.put(Long.parseLong(m.group(1)), m.group(3));
        }
        Map<Long, Integer> deadlocks = new HashMap<>();
        Map<Long, Integer> risks = new HashMap<>();
        Report report = mode == Mode.NONE ? null : r.report();
        if (report != null) {
            for (Map<String, Object> e : report.events("deadlock")) {
                List<Long> owners = new ArrayList<>();
                for (Map<String, Object> t : report.objects(e, "threads")) {
                    Matcher m = TAG.matcher(report.string(t, "thread"));
                    if (m.find() && !owners.contains(Long.parseLong(m.group(1)))) owners.add(Long.parseLong(m.group(1)));
                }
                for (long o : owners) deadlocks.merge(o, 1, Integer::sum);
                if (!"STARVATION".equals(report.string(e, "kind")) && !owners.isEmpty()) {
                    failures.add(where + ": seeds " + owners + ": a deadlock of kind " + report.string(e, "kind") + "\n" + e);
                }
            }
            for (Map<String, Object> e : report.events("risk")) {
                Matcher m = TAG.matcher(report.string(e, "thread"));
                if (m.find()) risks.merge(Long.parseLong(m.group(1)), 1, Integer::sum);
            }
        }
        for (long seed : seeds) {
            FjSpec spec = ForkJoinStress.generate(seed);
            List<String> problems = new ArrayList<>();
            String result = got.get(seed);
            if (!spec.expected(mode).equals(result)) problems.add("outcomes " + result + ", expected " + spec.expected(mode));
            if (results != null) results.put(seed, result);
            if (report != null) {
                int want = spec.shape().deadlock() ? 1 : 0;
                int d = deadlocks.getOrDefault(seed, 0);
                if (d != want) problems.add(d + " deadlock event(s) with its threads, expected " + want);
                if (!spec.shape().deadlock() && risks.containsKey(seed)) problems.add("a risk from a twin's thread");
            }
            if (!problems.isEmpty()) {
                failures.add("ForkJoin seed " + seed + " " + spec + " (" + mode + ", " + jdk + "): " + String.join("; ", problems)
                        + (report == null ? "" : "\n" + report.context()));
            }
        }
        return millis;
    }
}
