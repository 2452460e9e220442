package dev.poolguard.bench.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class RatioIntervalTest {
    /** Five iterations around {@code center}, scattered by 0.5%. */
    private static double[] fork(double center) {
        return new double[] {center * 0.995, center * 0.9975, center, center * 1.0025, center * 1.005};
    }

    @Test
    void forksThatDisagreeWidenTheIntervalToCoverBoth() {
        // plain: two forks at 10 and 11; agent: two at 10.5. Each fork is tight, the forks are not.
        double[] interval = RatioInterval.of(List.of(fork(10), fork(11)), List.of(fork(10.5), fork(10.5)));
        assertTrue(interval[0] <= 10.5 / 11 + 0.01, "low end reaches the fast-plain reading: " + interval[0]);
        assertTrue(interval[1] >= 10.5 / 10 - 0.01, "high end reaches the slow-plain reading: " + interval[1]);
    }

    @Test
    void agreeingForksGiveANarrowIntervalAroundTheRatio() {
        double[] interval = RatioInterval.of(List.of(fork(10), fork(10)), List.of(fork(12), fork(12)));
        assertTrue(interval[0] > 1.18 && interval[1] < 1.22, interval[0] + "-" + interval[1]);
    }

    @Test
    void differencesAreInTheScoresUnit() {
        double[] interval = RatioInterval.ofDifference(new double[] {5, 5, 5}, new double[] {7, 7, 7});
        assertArrayEquals(new double[] {2, 2}, interval, 1e-9);
    }

    @Test
    void noScoresOnEitherSideGiveNoInterval() {
        double[] interval = RatioInterval.of(List.of(new double[0]), List.of(fork(1)));
        assertEquals(Double.NaN, interval[0]);
        assertEquals(Double.NaN, interval[1]);
    }

    @Test
    void theIntervalIsReproducible() {
        List<double[]> plain = List.of(fork(10), fork(11), fork(10.2));
        List<double[]> agent = List.of(fork(10.4), fork(10.9));
        assertArrayEquals(RatioInterval.of(plain, agent), RatioInterval.of(plain, agent));
    }

    @Test
    void aRatioThatGrowsWithTheParameterGivesARatioOfRatiosOverOne() {
        // agent/plain 1.0 at the low setting, 2.0 at the high one
        double[] interval = RatioInterval.ofRatioOfRatios(List.of(fork(10), fork(10)), List.of(fork(10), fork(10)),
                List.of(fork(20), fork(20)), List.of(fork(40), fork(40)));
        assertTrue(interval[0] > 1.9 && interval[1] < 2.1, interval[0] + "-" + interval[1]);
    }

    @Test
    void aFlatRatioGivesAnIntervalAroundOne() {
        double[] interval = RatioInterval.ofRatioOfRatios(List.of(fork(10)), List.of(fork(11)),
                List.of(fork(30)), List.of(fork(33)));
        assertTrue(interval[0] < 1 && interval[1] > 1, interval[0] + "-" + interval[1]);
    }
}
