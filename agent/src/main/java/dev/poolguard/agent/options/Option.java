package dev.poolguard.agent.options;

import java.util.List;

/** The options of INTERFACE.md, with their defaults and what each accepts. */
public enum Option {
    REPORT("report", null, "a file path (%p becomes the pid)"),
    DEADLOCK("deadlock", "log", "one of log, fail, off", "log", "fail", "off"),
    RISK("risk", "log", "one of log, off", "log", "off"),
    SHUTDOWN("shutdown", "drain", "one of drain, report, off", "drain", "report", "off"),
    GRACE("grace", "5s", "a duration such as 250ms, 5s or 1m"),
    STALL("stall", "10s", "a duration such as 250ms, 10s or 1m (more than 0, at most 24 hours), or off"),
    HOOK_SPAWNS("hookSpawns", "allow", "one of allow, block", "allow", "block"),
    LOG_CONFIG("logConfig", null, "the path of a Logback XML file");

    private final String key;
    private final String defaultValue;
    private final String accepted;
    private final List<String> choices;

    Option(String key, String defaultValue, String accepted, String... choices) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.accepted = accepted;
        this.choices = List.of(choices);
    }

    public String key() {
        return key;
    }

    String defaultValue() {
        return defaultValue;
    }

    String accepted() {
        return accepted;
    }

    List<String> choices() {
        return choices;
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
