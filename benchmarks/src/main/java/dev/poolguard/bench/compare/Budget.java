package dev.poolguard.bench.compare;

/**
 * A budget and the table's three verdicts: {@code ok} when the median meets it; {@code MISS} when it does
 * not and the 95% interval lies wholly on the wrong side too, so the cost is real; {@code noise} when the
 * median misses but the interval reaches the budget: the machine could not tell the difference from the
 * scatter (more forks would decide).
 *
 * @param limit  the figure's bound
 * @param atMost true when the figure must stay at or under {@code limit} (a time, a ratio of times);
 *               false when it must stay at or over it (a throughput ratio)
 */
record Budget(double limit, boolean atMost) {
    static final String OK = "ok";
    static final String NOISE = "noise";
    static final String MISS = "MISS";

    static Budget atMost(double limit) {
        return new Budget(limit, true);
    }

    static Budget atLeast(double limit) {
        return new Budget(limit, false);
    }

    boolean met(double value) {
        return atMost ? value <= limit : value >= limit;
    }

    /** The verdict on a median without an interval: ok or MISS; NaN (not measured) is a MISS. */
    String verdict(double value) {
        return met(value) ? OK : MISS;
    }

    /** The verdict on a median with its 95% interval {@code {low, high}}. */
    String verdict(double value, double[] interval) {
        if (met(value)) {
            return OK;
        }
        boolean reaches = atMost ? interval[0] <= limit : interval[1] >= limit;
        return reaches ? NOISE : MISS;
    }

    /** "<= 1.03", ">= 0.97". */
    String text() {
        return (atMost ? "<= " : ">= ") + java.math.BigDecimal.valueOf(limit).stripTrailingZeros().toPlainString();
    }
}
