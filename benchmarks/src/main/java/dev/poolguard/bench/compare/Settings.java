package dev.poolguard.bench.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run is told, read once from system properties (the {@code benchmarks/run} script sets them
 * from its environment; its header documents each knob). Immutable.
 */
final class Settings {
    final String agentJar = required("bench.agent");
    /** Agent options of the "agent" runs; default none: deadlock=log, risk=log, shutdown=drain, no report. */
    final String agentOpts = System.getProperty("bench.agentOpts", "").trim();
    /** {@code label=path/to/java}, in order: "17", "25". */
    final Map<String, String> jdks = jdks(System.getProperty("bench.jdks", ""));
    final List<String> jmhJdks = list(System.getProperty("bench.jmhJdks", jdks.keySet().iterator().next()));
    final int forks = Integer.getInteger("bench.forks", 3);
    final int warmups = Integer.getInteger("bench.wi", 3);
    final int iterations = Integer.getInteger("bench.i", 5);
    final String warmupTime = System.getProperty("bench.w", "1s");
    final String iterationTime = System.getProperty("bench.r", "1s");
    /** A regex found in the names of the benchmark classes (and probes) to run; empty: all. */
    final String only = System.getProperty("bench.only", "");
    final String profiler = System.getProperty("bench.prof", "gc").replace("none", "");
    final List<String> phases = list(System.getProperty("bench.phases",
            "jmh,startup,shutdown,memory,delay,tomcat"));
    final int startupRuns = Integer.getInteger("bench.startupRuns", 11);
    /** A JMH iteration (or load-generator second) during which other processes used more CPUs is left out. */
    final double noisyCpus = Double.parseDouble(System.getProperty("bench.noisyCpus", "0.25"));
    final long quietWaitMillis = Long.getLong("bench.quietWaitMillis", 30_000);
    final long quietWaitTotalMillis = Long.getLong("bench.quietWaitTotalMillis", 300_000);
    final Path out = Path.of(System.getProperty("bench.out", "target/bench-results"));
    /** Class path of the small child programs (start-up, shutdown, memory, delay probes). */
    final String helloCp = System.getProperty("bench.helloCp", System.getProperty("java.class.path"));
    /** Class path with Tomcat on it: the shaded benchmarks jar this tool runs from. */
    final String benchJar = System.getProperty("java.class.path");
    /** Deadlock delay probe: measured deadlocks per shape and backlog. */
    final int delayTrials = Integer.getInteger("bench.delayTrials", 20);
    /** Tomcat: generator connections, seconds of warm-up and of measurement per connection count. */
    final List<String> loadConnections = list(System.getProperty("bench.loadConnections", "16,64"));
    final int loadWarmupSeconds = Integer.getInteger("bench.loadWarmup", 5);
    final int loadSeconds = Integer.getInteger("bench.loadSeconds", 10);

    String javaagent() {
        return javaagent(agentOpts);
    }

    String javaagent(String options) {
        return "-javaagent:" + agentJar + (options.isEmpty() ? "" : "=" + options);
    }

    String firstJdk() {
        return jdks.keySet().iterator().next();
    }

    boolean selected(String name) {
        return only.isEmpty() || java.util.regex.Pattern.compile(only).matcher(name).find();
    }

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("set -D" + key);
        }
        return value;
    }

    private static Map<String, String> jdks(String spec) {
        Map<String, String> jdks = new LinkedHashMap<>();
        for (String entry : list(spec)) {
            int eq = entry.indexOf('=');
            jdks.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        if (jdks.isEmpty()) {
            jdks.put(Integer.toString(Runtime.version().feature()),
                    Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
        return jdks;
    }

    static List<String> list(String spec) {
        List<String> items = new ArrayList<>();
        for (String item : spec.split("[,\\s]+")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }
}
