package dev.poolguard.bench.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one JMH class's samples into table rows: medians, ratio or added time, its 95% interval, the
 * verdict against the group's budget, scatter and allocation in the note. For a class measured at several
 * backlog depths (BacklogWait), also the flatness row: does the agent's ratio grow with the depth?
 */
final class JmhRows {
    /** " depth=100000" at the end of a benchmark's name. */
    private static final Pattern DEPTH = Pattern.compile("^(.*) depth=(\\d+)$");

    private final Table table;

    JmhRows(Table table) {
        this.table = table;
    }

    void add(String jdk, JmhGroup group, JmhRunner.Measured measured, String logs) {
        List<String> names = new ArrayList<>(measured.plain().keySet());
        measured.agent().keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
        for (String name : names) {
            row(jdk, group, name, measured.plain().get(name), measured.agent().get(name));
        }
        boolean plainMissing = group.runsPlain() && measured.plain().isEmpty();
        boolean agentMissing = group.runsAgent() && measured.agent().isEmpty();
        if (plainMissing || agentMissing) {
            table.add(new Table.Row("JDK " + jdk + " " + group.benchmarkClass(), "", plainMissing ? "FAILED" : "",
                    agentMissing ? "FAILED" : "", "", "runs", Budget.MISS, "see " + logs));
        }
        if (group.kind() == JmhGroup.Kind.RATIO) {
            flatness(jdk, measured);
        }
    }

    private void row(String jdk, JmhGroup group, String name, Samples plain, Samples agent) {
        String label = "JDK " + jdk + " " + name;
        String unit = (plain != null ? plain : agent).unit;
        double p = plain == null ? Double.NaN : plain.median();
        double a = agent == null ? Double.NaN : agent.median();
        String note = (plain == null ? "" : plain.spread("plain")) + (agent == null ? "" : agent.spread("agent"))
                + Samples.allocation(plain, agent);
        Budget budget = group.budget();
        switch (group.kind()) {
            case RATIO -> {
                double ratio = a / p;
                if (JmhGroup.SCHEDULER_BOUND.contains(name)) {
                    table.add(new Table.Row(label, unit, Fmt.num(p), Fmt.num(a), Fmt.ratio(ratio),
                            "(scheduler-bound, info)", "", note));
                    return;
                }
                double[] interval = plain == null || agent == null ? new double[] {Double.NaN, Double.NaN}
                        : RatioInterval.of(plain.usedByFork(), agent.usedByFork());
                note += Fmt.format("; ratio 95%% CI %.3f-%.3f", interval[0], interval[1]);
                table.add(new Table.Row(label, unit, Fmt.num(p), Fmt.num(a), Fmt.ratio(ratio), budget.text(),
                        budget.verdict(ratio, interval), note));
            }
            case ADDED_MICROS -> {
                double added = toMicros(a - p, unit);
                double[] interval = RatioInterval.ofDifference(plain.usedByFork(), agent.usedByFork());
                note += Fmt.format("; added 95%% CI %s-%s us", Fmt.signed(toMicros(interval[0], unit)),
                        Fmt.signed(toMicros(interval[1], unit)));
                double[] micros = {toMicros(interval[0], unit), toMicros(interval[1], unit)};
                table.add(new Table.Row(label + " (1,000 waiters)", unit, Fmt.num(p), Fmt.num(a), Fmt.ratio(a / p),
                        "added " + Fmt.signed(added) + " us " + budget.text() + " us", budget.verdict(added, micros), note));
            }
            case AGENT_ONLY -> {
                boolean worst = name.endsWith("fullWalk");
                table.add(new Table.Row(label + " (live check, agent only)", unit, "-", Fmt.num(a), "-",
                        worst ? "(worst case, info)" : budget.text() + " us",
                        worst ? "" : budget.verdict(toMicros(a, unit)), note));
            }
            case ALGORITHM -> {
                boolean budgeted = name.endsWith("fastPath");
                table.add(new Table.Row(label + " (algorithm, no agent)", unit, Fmt.num(p), "-", "-",
                        budgeted ? budget.text() + " us" : "(info)", budgeted ? budget.verdict(toMicros(p, unit)) : "",
                        note));
            }
            default -> throw new AssertionError(group.kind());
        }
    }

    /**
     * For each benchmark measured at several depths: (agent/plain at the deepest) / (agent/plain at the
     * shallowest). 1.0 is flat; the budget is "no worse" (issue 12: 100,000 queued no worse than 1,000).
     */
    private void flatness(String jdk, JmhRunner.Measured measured) {
        Map<String, TreeMap<Integer, String>> depths = new TreeMap<>();
        for (String name : measured.plain().keySet()) {
            Matcher m = DEPTH.matcher(name);
            if (m.matches() && measured.agent().containsKey(name)) {
                depths.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), name);
            }
        }
        depths.forEach((benchmark, byDepth) -> {
            if (byDepth.size() < 2) {
                return;
            }
            Samples pLow = measured.plain().get(byDepth.firstEntry().getValue());
            Samples aLow = measured.agent().get(byDepth.firstEntry().getValue());
            Samples pHigh = measured.plain().get(byDepth.lastEntry().getValue());
            Samples aHigh = measured.agent().get(byDepth.lastEntry().getValue());
            double low = aLow.median() / pLow.median();
            double high = aHigh.median() / pHigh.median();
            double[] interval = RatioInterval.ofRatioOfRatios(pLow.usedByFork(), aLow.usedByFork(),
                    pHigh.usedByFork(), aHigh.usedByFork());
            Budget flat = JmhGroup.FLAT;
            table.add(new Table.Row(Fmt.format("JDK %s %s flatness: ratio at depth %,d / at %,d", jdk, benchmark,
                    byDepth.lastKey(), byDepth.firstKey()), "", Fmt.ratio(low), Fmt.ratio(high), Fmt.ratio(high / low),
                    budget(flat), flat.verdict(high / low, interval),
                    Fmt.format("plain and agent columns: agent/plain at %,d and at %,d; 95%% CI %.3f-%.3f",
                            byDepth.firstKey(), byDepth.lastKey(), interval[0], interval[1])));
        });
    }

    private static String budget(Budget flat) {
        return flat.text() + " (no worse)";
    }

    private static double toMicros(double value, String unit) {
        if (unit.startsWith("ns/")) {
            return value / 1000;
        }
        if (unit.startsWith("ms/")) {
            return value * 1000;
        }
        return value;
    }
}
