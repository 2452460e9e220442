package dev.poolguard.agent.options;

import java.util.List;

/**
 * What an option's value is, and the one place its text becomes that value: a choice among words (the
 * constants of a runtime enum, or a yes/no pair), a duration, or a path. An option is checked and typed when it
 * is parsed, so nothing after {@link Options#parse} handles option text.
 */
abstract class OptionKind {
    private final String accepted;

    private OptionKind(String accepted) {
        this.accepted = accepted;
    }

    /** What the option accepts, for the error message: {@code one of log, fail, off}. */
    final String accepted() {
        return accepted;
    }

    /** The typed value of {@code text} (not empty), or null if the option does not accept it. */
    abstract Object parse(String text);

    /**
     * One of {@code words}: the constants of one of the runtime's enums, in lower case ({@code fail} for
     * {@code DeadlockMode.FAIL}). The value stays the word: options are parsed before the runtime is in
     * the boot loader, so its enum is named only by {@link Options}' getter, once it is there.
     */
    static OptionKind choice(String... words) {
        List<String> accepted = List.of(words);
        return new OptionKind("one of " + String.join(", ", accepted)) {
            @Override
            Object parse(String text) {
                return accepted.contains(text) ? text : null;
            }
        };
    }

    /** {@code yes} is true and {@code no} false ({@code log}/{@code off}, {@code allow}/{@code block}). */
    static OptionKind flag(String yes, String no) {
        return new OptionKind("one of " + yes + ", " + no) {
            @Override
            Object parse(String text) {
                return text.equals(yes) ? Boolean.TRUE : text.equals(no) ? Boolean.FALSE : null;
            }
        };
    }

    /**
     * Milliseconds as a Long: {@code 250ms}, {@code 5s}, {@code 1m}, at most 24 hours; 0 only with
     * {@code zeroAllowed}; with {@code off}, the word {@code off} too, as 0.
     */
    static OptionKind duration(String accepted, boolean zeroAllowed, boolean off) {
        return new OptionKind(accepted) {
            @Override
            Object parse(String text) {
                if (off && text.equals("off")) {
                    return 0L;
                }
                long millis = Durations.parseMillis(text);
                return millis < 0 || millis == 0 && !zeroAllowed ? null : millis;
            }
        };
    }

    /** Any text: a file's path, checked when it is opened. */
    static OptionKind path(String accepted) {
        return new OptionKind(accepted) {
            @Override
            Object parse(String text) {
                return text;
            }
        };
    }
}
