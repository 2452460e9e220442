package dev.poolguard.bench.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A 95% interval for "agent median / plain median" (or their difference) by a two-level percentile
 * bootstrap: forks are resampled with replacement, then the iterations within each chosen fork, the
 * ratio of the pooled medians is taken each time, and the middle 95% of those ratios kept.
 *
 * <p>Two levels because JVM forks differ from each other more than iterations within a fork do (JIT
 * decisions, thread placement, the machine's state when the fork started): on this 2-core machine one
 * fork of a thread hand-off benchmark may sit 10% above the next. Resampling iterations alone would
 * treat 5 iterations of one lucky fork as 5 independent draws and give an interval far narrower than
 * the truth. With few forks the interval is wide, which is the honest answer: a ratio over budget whose
 * interval reaches under it was not measured to be over. Seeded, so a table is reproducible.
 */
final class RatioInterval {
    private static final int RESAMPLES = 4_000;

    private RatioInterval() {
    }

    /** {@code {low, high}} from scores grouped by fork; {@code {NaN, NaN}} when either side has none. */
    static double[] of(List<double[]> plainForks, List<double[]> agentForks) {
        return interval(plainForks, agentForks, false);
    }

    /** The same for "agent median - plain median", in the scores' unit. */
    static double[] ofDifference(List<double[]> plainForks, List<double[]> agentForks) {
        return interval(plainForks, agentForks, true);
    }

    /** Independent measurements (one process each): a single group, so only they are resampled. */
    static double[] ofDifference(double[] plain, double[] agent) {
        return interval(List.of(plain), List.of(agent), true);
    }

    /**
     * The same for "(agent / plain at the high setting) / (agent / plain at the low setting)": whether
     * the agent's relative cost grows with a parameter (BacklogWait's depth). Each of the four is
     * resampled on its own, as they were measured in different forks.
     */
    static double[] ofRatioOfRatios(List<double[]> plainLow, List<double[]> agentLow, List<double[]> plainHigh,
                                    List<double[]> agentHigh) {
        List<List<double[]>> all = List.of(nonEmpty(plainLow), nonEmpty(agentLow), nonEmpty(plainHigh),
                nonEmpty(agentHigh));
        if (all.stream().anyMatch(List::isEmpty)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        SplittableRandom random = new SplittableRandom(42);
        double[] ratios = new double[RESAMPLES];
        double[][] scratch = all.stream().map(forks -> new double[count(forks)]).toArray(double[][]::new);
        double[] medians = new double[4];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < 4; i++) {
                medians[i] = medianOfResample(all.get(i), scratch[i], random);
            }
            ratios[r] = (medians[3] / medians[2]) / (medians[1] / medians[0]);
        }
        Arrays.sort(ratios);
        return new double[] {ratios[(int) (RESAMPLES * 0.025)], ratios[(int) (RESAMPLES * 0.975) - 1]};
    }

    private static double[] interval(List<double[]> plainForks, List<double[]> agentForks, boolean difference) {
        List<double[]> p = nonEmpty(plainForks);
        List<double[]> a = nonEmpty(agentForks);
        if (p.isEmpty() || a.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        SplittableRandom random = new SplittableRandom(42);
        double[] ratios = new double[RESAMPLES];
        double[] scratchP = new double[count(p)];
        double[] scratchA = new double[count(a)];
        for (int r = 0; r < RESAMPLES; r++) {
            double agentMedian = medianOfResample(a, scratchA, random);
            double plainMedian = medianOfResample(p, scratchP, random);
            ratios[r] = difference ? agentMedian - plainMedian : agentMedian / plainMedian;
        }
        Arrays.sort(ratios);
        return new double[] {ratios[(int) (RESAMPLES * 0.025)], ratios[(int) (RESAMPLES * 0.975) - 1]};
    }

    /** One resample: as many forks as there are, each replaced by a random fork, its iterations resampled. */
    private static double medianOfResample(List<double[]> forks, double[] scratch, SplittableRandom random) {
        int n = 0;
        for (int f = 0; f < forks.size(); f++) {
            double[] fork = forks.get(random.nextInt(forks.size()));
            for (int i = 0; i < fork.length && n < scratch.length; i++) {
                scratch[n++] = fork[random.nextInt(fork.length)];
            }
        }
        Arrays.sort(scratch, 0, n);
        return n % 2 == 1 ? scratch[n / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2;
    }

    private static List<double[]> nonEmpty(List<double[]> forks) {
        List<double[]> kept = new ArrayList<>();
        for (double[] fork : forks) {
            if (fork.length > 0) {
                kept.add(fork);
            }
        }
        return kept;
    }

    /** Room for the largest resample: every draw could pick the fork with the most iterations. */
    private static int count(List<double[]> forks) {
        int most = 0;
        for (double[] fork : forks) {
            most = Math.max(most, fork.length);
        }
        return most * forks.size();
    }
}
