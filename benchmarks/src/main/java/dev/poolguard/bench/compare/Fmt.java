package dev.poolguard.bench.compare;

import java.util.Locale;

/** How numbers look in the table: three significant figures or so, '-' for none. */
final class Fmt {
    private Fmt() {
    }

    static String num(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        double abs = Math.abs(value);
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static String signed(double value) {
        return (value >= 0 ? "+" : "") + num(value);
    }

    static String ratio(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
