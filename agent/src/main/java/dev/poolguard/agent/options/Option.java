package dev.poolguard.agent.options;


/** The options of docs/contract.md, with their defaults and what each is ({@link OptionKind}). */
public enum Option {
    REPORT("report", null, OptionKind.path("a file path (%p becomes the pid)")),
    /** A {@code DeadlockMode}. */
    DEADLOCK("deadlock", "log", OptionKind.choice("log", "fail", "off")),
    /** True: risks are reported. */
    RISK("risk", "log", OptionKind.flag("log", "off")),
    /** A {@code ShutdownMode}. */
    SHUTDOWN("shutdown", "drain", OptionKind.choice("drain", "report", "off")),
    /** Milliseconds. */
    GRACE("grace", "5s", OptionKind.duration("a duration such as 250ms, 5s or 1m, at most 24 hours", true, false)),
    /** Milliseconds, 0 for off. */
    STALL("stall", "10s", OptionKind.duration(
            "a duration such as 250ms, 10s or 1m (more than 0, at most 24 hours), or off", false, true)),
    /** True: hooks may spawn workers. */
    HOOK_SPAWNS("hookSpawns", "allow", OptionKind.flag("allow", "block")),
    LOG_CONFIG("logConfig", null, OptionKind.path("the path of a Logback XML file"));

    private final String key;
    private final String defaultValue;
    private final OptionKind kind;

    Option(String key, String defaultValue, OptionKind kind) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.kind = kind;
    }

    public String key() {
        return key;
    }

    String defaultValue() {
        return defaultValue;
    }

    String accepted() {
        return kind.accepted();
    }

    OptionKind kind() {
        return kind;
    }

    static Option byKey(String key) {
        for (Option option : values()) {
            if (option.key.equals(key)) {
                return option;
            }
        }
        return null;
    }

    static String keyList() {
        StringBuilder keys = new StringBuilder();
        for (Option option : values()) {
            keys.append(keys.length() == 0 ? "" : ", ").append(option.key);
        }
        return keys.toString();
    }
}
