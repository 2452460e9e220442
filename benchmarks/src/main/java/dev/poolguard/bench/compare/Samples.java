package dev.poolguard.bench.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The measured iterations of one benchmark in one mode (plain or agent), over all its forks, as JMH's
 * results gave them; iterations during which other processes took CPU are kept apart and used only when
 * no quiet one is left. Also the load generator's seconds (a "fork" is then one server process).
 */
final class Samples {
    final String unit;
    /** What one sample is, for the notes: "iterations" (JMH) or "seconds" (the load generator). */
    private final String samplesAre;
    private final List<Double> scores = new ArrayList<>();
    /** The fork of each of {@link #scores}. */
    private final List<Integer> scoreForks = new ArrayList<>();
    private final List<Double> noisy = new ArrayList<>();
    private final List<Integer> noisyForks = new ArrayList<>();
    /** Bytes allocated per operation ({@code -prof gc}), per iteration. */
    final List<Double> allocated = new ArrayList<>();

    Samples(String unit) {
        this(unit, "iterations");
    }

    Samples(String unit, String samplesAre) {
        this.unit = unit;
        this.samplesAre = samplesAre;
    }

    void add(boolean quiet, double score, int fork) {
        (quiet ? scores : noisy).add(score);
        (quiet ? scoreForks : noisyForks).add(fork);
    }

    /** The quiet iterations, or all of them if none was quiet. */
    double[] used() {
        return Stats.toArray(scores.isEmpty() ? noisy : scores);
    }

    /** {@link #used()} grouped by fork, for the interval: forks differ more than iterations do. */
    List<double[]> usedByFork() {
        List<Double> values = scores.isEmpty() ? noisy : scores;
        List<Integer> forkOf = scores.isEmpty() ? noisyForks : scoreForks;
        Map<Integer, List<Double>> byFork = new TreeMap<>();
        for (int i = 0; i < values.size(); i++) {
            byFork.computeIfAbsent(forkOf.get(i), f -> new ArrayList<>()).add(values.get(i));
        }
        List<double[]> groups = new ArrayList<>();
        for (List<Double> fork : byFork.values()) {
            groups.add(Stats.toArray(fork));
        }
        return groups;
    }

    double median() {
        return Stats.median(used());
    }

    /** "plain ±2.2%; " and how many noisy iterations were left out. */
    String spread(String mode) {
        String left = noisy.isEmpty() ? ""
                : scores.isEmpty() ? " (all " + noisy.size() + " " + samplesAre + " noisy, kept)"
                : " (" + noisy.size() + " noisy of " + (noisy.size() + scores.size()) + " left out)";
        return Fmt.format("%s ±%.1f%%%s; ", mode, Stats.halfIqrPercent(used()), left);
    }

    String allocatedPerOp() {
        return allocated.isEmpty() ? null : Fmt.format("%.0f", Stats.median(allocated));
    }

    /** With the {@code gc} profiler: bytes allocated per operation, plain -> agent; "" without. */
    static String allocation(Samples plain, Samples agent) {
        String p = plain == null ? null : plain.allocatedPerOp();
        String a = agent == null ? null : agent.allocatedPerOp();
        if (p == null && a == null) {
            return "";
        }
        return "alloc B/op " + (p == null ? "-" : p) + " -> " + (a == null ? "-" : a);
    }
}
