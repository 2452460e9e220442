package dev.poolguard.agent.options;

/** Durations as users write them: a whole number and a unit, {@code 250ms}, {@code 5s}, {@code 1m}. */
final class Durations {
    private static final long MAX_MILLIS = 24L * 60 * 60 * 1000;

    private Durations() {
    }

    /** Milliseconds, or -1 if {@code text} is not a duration this accepts. */
    static long parseMillis(String text) {
        String unit;
        long scale;
        if (text.endsWith("ms")) {
            unit = "ms";
            scale = 1;
        } else if (text.endsWith("s")) {
            unit = "s";
            scale = 1000;
        } else if (text.endsWith("m")) {
            unit = "m";
            scale = 60_000;
        } else {
            return -1;
        }
        String number = text.substring(0, text.length() - unit.length());
        if (number.isEmpty() || number.length() > 9) {
            return -1;
        }
        for (int i = 0; i < number.length(); i++) {
            if (!Character.isDigit(number.charAt(i)) || number.charAt(i) > '9') {
                return -1;
            }
        }
        long millis = Long.parseLong(number) * scale;
        return millis > MAX_MILLIS ? -1 : millis;
    }
}
