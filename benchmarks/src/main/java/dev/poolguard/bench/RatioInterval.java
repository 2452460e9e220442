package dev.poolguard.bench;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A 95% interval for "agent median / plain median" (or their difference) by the percentile bootstrap: both sets of iteration
 * scores are resampled with replacement, the ratio of medians taken each time, and the middle 95% of
 * those ratios kept. It says how far the machine's own noise could move the ratio: a ratio over budget
 * whose interval reaches under it was not measured to be over. Seeded, so a table is reproducible from
 * its samples.
 */
final class RatioInterval {
    private static final int RESAMPLES = 4_000;

    private RatioInterval() {
    }

    /** {@code {low, high}}; {@code {NaN, NaN}} when either side has no scores. */
    static double[] of(List<Double> plain, List<Double> agent) {
        return interval(plain, agent, false);
    }

    /** The same for "agent median - plain median", in the scores' unit. */
    static double[] ofDifference(List<Double> plain, List<Double> agent) {
        return interval(plain, agent, true);
    }

    private static double[] interval(List<Double> plain, List<Double> agent, boolean difference) {
        if (plain.isEmpty() || agent.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] p = plain.stream().mapToDouble(Double::doubleValue).toArray();
        double[] a = agent.stream().mapToDouble(Double::doubleValue).toArray();
        SplittableRandom random = new SplittableRandom(42);
        double[] ratios = new double[RESAMPLES];
        double[] scratchP = new double[p.length];
        double[] scratchA = new double[a.length];
        for (int r = 0; r < RESAMPLES; r++) {
            double agentMedian = medianOfResample(a, scratchA, random);
            double plainMedian = medianOfResample(p, scratchP, random);
            ratios[r] = difference ? agentMedian - plainMedian : agentMedian / plainMedian;
        }
        Arrays.sort(ratios);
        return new double[] {ratios[(int) (RESAMPLES * 0.025)], ratios[(int) (RESAMPLES * 0.975) - 1]};
    }

    private static double medianOfResample(double[] values, double[] scratch, SplittableRandom random) {
        for (int i = 0; i < values.length; i++) {
            scratch[i] = values[random.nextInt(values.length)];
        }
        Arrays.sort(scratch);
        int n = scratch.length;
        return n % 2 == 1 ? scratch[n / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2;
    }
}
