package dev.poolguard.bench.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Runs every measurement plain and with {@code -javaagent} and prints one table:
 * benchmark | unit | plain | agent | ratio (agent/plain) | budget | ok? | note.
 *
 * <p>Phases, in order (each can be left out, see {@code benchmarks/run}): JMH benchmarks ({@link JmhRunner}
 * runs and reads them, {@link JmhRows} compares), then child-process probes: start-up and max RSS,
 * {@code System.exit}, memory, the deadlock reporting delay, and Embedded Tomcat under load. Every phase
 * adds its rows to the {@link Table}, which prints them at the end. Configured by system properties
 * ({@link Settings}).
 */
public final class Compare {
    private final Settings settings = new Settings();
    private final Table table = new Table();
    private final QuietMachine quiet = new QuietMachine(settings);
    private final String loadAtStart = loadAverage();

    private Compare() {
    }

    public static void main(String[] args) throws Exception {
        new Compare().run();
    }

    private void run() throws Exception {
        Files.createDirectories(settings.out);
        Log.progress("results and JMH logs in " + settings.out.toAbsolutePath());
        Log.progress("agent: " + settings.javaagent());
        if (settings.phases.contains("jmh")) {
            JmhRunner runner = new JmhRunner(settings, quiet);
            JmhRows rows = new JmhRows(table);
            for (String jdk : settings.jmhJdks) {
                for (JmhGroup group : JmhGroup.ALL) {
                    if (!settings.selected(group.benchmarkClass())
                            || group.kind() == JmhGroup.Kind.ALGORITHM && !jdk.equals(settings.jmhJdks.get(0))) {
                        continue; // the pure algorithm does not depend on the agent or the JDK much: once
                    }
                    String logs = settings.out.resolve("jmh-" + jdk + "-" + group.benchmarkClass() + "-*.log").toString();
                    rows.add(jdk, group, runner.run(jdk, group), logs);
                }
            }
        }
        if (settings.phases.contains("startup")) {
            StartupPhase startup = new StartupPhase(settings, table, quiet);
            for (String jdk : settings.jdks.keySet()) {
                startup.run(jdk);
            }
        }
        if (settings.phases.contains("shutdown")) {
            ShutdownPhase shutdown = new ShutdownPhase(settings, table, quiet);
            for (String jdk : settings.jdks.keySet()) {
                shutdown.run(jdk);
            }
        }
        if (settings.phases.contains("memory")) {
            new MemoryPhase(settings, table).run(settings.firstJdk());
        }
        if (settings.phases.contains("delay")) {
            DelayPhase delay = new DelayPhase(settings, table, quiet);
            for (String jdk : settings.jdks.keySet()) {
                delay.run(jdk);
            }
        }
        if (settings.phases.contains("tomcat")) {
            TomcatPhase tomcat = new TomcatPhase(settings, table, quiet);
            for (String jdk : settings.jmhJdks) {
                tomcat.run(jdk);
            }
        }
        table.print(header(), Log.minutes(), settings);
    }

    private String header() {
        StringBuilder header = new StringBuilder();
        header.append("poolguard benchmarks, ").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME
                .format(Instant.now().atOffset(ZoneOffset.UTC).withNano(0))).append(" UTC\n");
        header.append("machine: ").append(cpuModel()).append(", nproc ")
                .append(Runtime.getRuntime().availableProcessors()).append('\n');
        for (Map.Entry<String, String> jdk : settings.jdks.entrySet()) {
            header.append("JDK ").append(jdk.getKey()).append(": ").append(ChildProcess.javaVersion(jdk.getValue()))
                    .append('\n');
        }
        header.append(Fmt.format("JMH 1.37 on JDK %s: %d forks per mode (plain and agent forks alternate), %d x %s"
                        + " warm-up, %d x %s measured; figures are medians of all measured iterations%s%n",
                String.join("+", settings.jmhJdks), settings.forks, settings.warmups, settings.warmupTime,
                settings.iterations, settings.iterationTime,
                settings.profiler.isEmpty() ? "" : "; profiler " + settings.profiler));
        header.append("agent runs: ").append(settings.javaagent()).append('\n');
        header.append(Fmt.format("JMH iterations during which other processes used more than %.2f CPUs are left"
                + " out (noted per row); waited %d s in all for a quiet machine%n", settings.noisyCpus,
                quiet.waitedMillis() / 1000));
        header.append("load average at start / end: ").append(loadAtStart).append(" / ").append(loadAverage());
        return header.toString().stripTrailing();
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | UncheckedIOException ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }
}
