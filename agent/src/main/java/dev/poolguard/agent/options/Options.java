package dev.poolguard.agent.options;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import dev.poolguard.bootstrap.waits.DeadlockMode;
import dev.poolguard.bootstrap.shutdown.ShutdownMode;

/**
 * The agent's effective options: {@code -Dpoolguard.KEY=VALUE} system properties, overridden by the
 * agent argument {@code key=value,key=value}. Anything unknown or malformed is an
 * {@link OptionException} whose message names the key or value and what is accepted.
 */
public final class Options {
    static final String PROPERTY_PREFIX = "poolguard.";

    /** As written (or defaulted): what {@code agent-start} shows. */
    private final Map<Option, String> values;
    /** As typed by each option's {@link OptionKind}. */
    private final Map<Option, Object> typed;

    private Options(Map<Option, String> values, Map<Option, Object> typed) {
        this.values = values;
        this.typed = typed;
    }

    /** Parses the agent argument (may be null or empty) over the {@code poolguard.*} system properties. */
    public static Options parse(String agentArgument, Properties systemProperties) throws OptionException {
        Map<Option, String> values = new EnumMap<>(Option.class);
        Map<Option, Object> typed = new EnumMap<>(Option.class);
        for (String name : systemProperties.stringPropertyNames()) {
            if (!name.startsWith(PROPERTY_PREFIX)) {
                continue;
            }
            String key = name.substring(PROPERTY_PREFIX.length());
            String source = "-D" + name;
            Option option = Option.byKey(key);
            if (option == null) {
                throw new OptionException("unknown option " + source + "; known options: " + Option.keyList());
            }
            values.put(option, systemProperties.getProperty(name));
            typed.put(option, typed(option, systemProperties.getProperty(name), source));
        }
        Map<Option, String> fromArgument = new EnumMap<>(Option.class);
        if (agentArgument != null && !agentArgument.isBlank()) {
            for (String item : agentArgument.split(",", -1)) {
                String entry = item.trim();
                if (entry.isEmpty()) {
                    continue; // a trailing or doubled comma loses nothing
                }
                int eq = entry.indexOf('=');
                if (eq < 0) {
                    throw new OptionException("option '" + entry + "' has no value; write key=value, with keys: "
                            + Option.keyList());
                }
                String key = entry.substring(0, eq).trim();
                Option option = Option.byKey(key);
                if (option == null) {
                    throw new OptionException("unknown option '" + key + "'; known options: " + Option.keyList());
                }
                if (fromArgument.containsKey(option)) {
                    throw new OptionException("option '" + key + "' is given twice");
                }
                String value = entry.substring(eq + 1).trim();
                fromArgument.put(option, value);
                typed.put(option, typed(option, value, "option '" + key + "'"));
            }
        }
        values.putAll(fromArgument);
        for (Option option : Option.values()) {
            if (!values.containsKey(option) && option.defaultValue() != null) {
                values.put(option, option.defaultValue());
                typed.put(option, option.kind().parse(option.defaultValue()));
            }
        }
        return new Options(values, typed);
    }

    private static Object typed(Option option, String value, String source) throws OptionException {
        if (value.isEmpty()) {
            throw new OptionException("empty value for " + source + "; expected " + option.accepted());
        }
        Object typed = option.kind().parse(value);
        if (typed == null) {
            throw new OptionException("bad value '" + value + "' for " + source + "; expected " + option.accepted());
        }
        return typed;
    }

    /** The value of {@code option} as given or defaulted; null for an unset path. */
    public String get(Option option) {
        return values.get(option);
    }

    /** The report path with {@code %p} replaced by {@code pid}, or null when no report was asked for. */
    public String reportPath(long pid) {
        String path = values.get(Option.REPORT);
        return path == null ? null : path.replace("%p", Long.toString(pid));
    }

    /** Only once the runtime is in the boot loader (the installer's first step). */
    public DeadlockMode deadlockMode() {
        return DeadlockMode.valueOf(((String) typed.get(Option.DEADLOCK)).toUpperCase(Locale.ROOT));
    }

    /** Only once the runtime is in the boot loader (the installer's first step). */
    public ShutdownMode shutdownMode() {
        return ShutdownMode.valueOf(((String) typed.get(Option.SHUTDOWN)).toUpperCase(Locale.ROOT));
    }

    /** {@code risk=log}. */
    public boolean risksReported() {
        return (Boolean) typed.get(Option.RISK);
    }

    /** {@code hookSpawns=allow}. */
    public boolean hookSpawnsAllowed() {
        return (Boolean) typed.get(Option.HOOK_SPAWNS);
    }

    public long graceMillis() {
        return (Long) typed.get(Option.GRACE);
    }

    /** The {@code stall} time in milliseconds, or 0 for {@code stall=off}. */
    public long stallMillis() {
        return (Long) typed.get(Option.STALL);
    }

    /** Every option by key, for the {@code agent-start} event (unset paths as null). */
    public Map<String, Object> effective() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Option option : Option.values()) {
            all.put(option.key(), values.get(option));
        }
        return Collections.unmodifiableMap(all);
    }
}
