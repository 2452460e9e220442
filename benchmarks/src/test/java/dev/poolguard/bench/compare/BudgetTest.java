package dev.poolguard.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BudgetTest {
    @Test
    void aMedianWithinBudgetIsOkWhateverTheInterval() {
        assertEquals(Budget.OK, Budget.atMost(1.03).verdict(1.02, new double[] {0.5, 2.0}));
        assertEquals(Budget.OK, Budget.atLeast(0.97).verdict(0.98, new double[] {0.5, 2.0}));
    }

    @Test
    void aMissWhoseIntervalReachesTheBudgetIsNoise() {
        assertEquals(Budget.NOISE, Budget.atMost(1.03).verdict(1.10, new double[] {1.00, 1.20}));
        assertEquals(Budget.NOISE, Budget.atLeast(0.97).verdict(0.90, new double[] {0.85, 1.00}));
    }

    @Test
    void aMissWhoseIntervalLiesWhollyOnTheWrongSideIsAMiss() {
        assertEquals(Budget.MISS, Budget.atMost(1.03).verdict(1.10, new double[] {1.05, 1.20}));
        assertEquals(Budget.MISS, Budget.atLeast(0.97).verdict(0.90, new double[] {0.85, 0.95}));
    }

    @Test
    void notMeasuredIsAMiss() {
        assertEquals(Budget.MISS, Budget.atMost(50).verdict(Double.NaN));
        assertEquals(Budget.MISS, Budget.atMost(1.05).verdict(Double.NaN, new double[] {Double.NaN, Double.NaN}));
    }

    @Test
    void budgetsPrintWithoutTrailingZeros() {
        assertEquals("<= 1.03", Budget.atMost(1.03).text());
        assertEquals(">= 0.97", Budget.atLeast(0.97).text());
        assertEquals("<= 2", Budget.atMost(2.0).text());
    }
}
