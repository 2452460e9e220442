package dev.poolguard.it.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.Checks;
import dev.poolguard.it.ChildJvm;
import dev.poolguard.it.Jdk;
import dev.poolguard.it.Jdks;
import dev.poolguard.it.programs.Hello;

/**
 * Issue #5 part 4, beyond OptionsIT: every option with every kind of malformed value (empty, unknown,
 * wrong case, malformed durations, out of range), structural mistakes (no '=', a key twice, an empty or
 * wrongly cased key), report paths that cannot be written, and logConfig files that are missing or broken
 * (malformed XML, not XML, empty, an unknown appender class, an unknown pattern word, ...), as agent
 * arguments and as system properties. Each: exit status 1 before main, exactly one {@code poolguard:}
 * line naming the key or value, saying what is accepted where the contract fixes it, no stack trace.
 */
class BadInputIT {
    private static final List<String> KEYS =
            List.of("report", "deadlock", "risk", "shutdown", "grace", "stall", "hookSpawns", "logConfig");
    private static final List<String> DURATION = List.of("250ms", "5s", "1m");

    /**
     * One bad input.
     *
     * @param flag     the whole JVM flag: {@code -javaagent:...=<flag>} when {@code property} is false,
     *                 else a {@code -D} flag given next to a bare {@code -javaagent}
     * @param mentions the poolguard: line contains at least one of these (the key or the value)
     * @param accepted the poolguard: line contains all of these (what is accepted)
     */
    record Bad(String name, String flag, boolean property, List<String> mentions, List<String> accepted) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Bad arg(String option, List<String> mentions, List<String> accepted) {
        return new Bad(option, option, false, mentions, accepted);
    }

    static Bad prop(String flag, List<String> mentions, List<String> accepted) {
        return new Bad(flag, flag, true, mentions, accepted);
    }

    /** Every case, in a stable order (the parameter list and the pre-run share it). */
    static synchronized List<Bad> all() {
        if (cases != null) return cases;
        List<Bad> all = new ArrayList<>();
        // the choice options: empty, unknown, wrong case
        for (List<String> choice : List.of(List.of("deadlock", "log", "fail", "off"), List.of("risk", "log", "off"),
                List.of("shutdown", "drain", "report", "off"), List.of("hookSpawns", "allow", "block"))) {
            String key = choice.get(0);
            List<String> values = choice.subList(1, choice.size());
            all.add(arg(key + "=", List.of(key), values));
            all.add(arg(key + "=xyz", List.of("xyz"), values));
            String upper = values.get(values.size() - 1).toUpperCase();
            all.add(arg(key + "=" + upper, List.of(upper), values));
        }
        // durations: empty, no unit, fraction, unknown unit, sign, beyond 24 h, more digits than any duration
        for (String grace : List.of("", "5", "1.5s", "5h", "+5s", "1441m", "99999999999ms")) {
            all.add(arg("grace=" + grace, List.of("grace", grace.isEmpty() ? "grace" : grace), DURATION));
        }
        // the stall time: a word that is not off, and no time at all
        all.add(arg("stall=never", List.of("never"), List.of("250ms", "10s", "1m", "off")));
        all.add(arg("stall=0s", List.of("0s"), List.of("250ms", "10s", "1m", "off")));
        // the report: empty, a directory, a file name longer than the file system allows
        all.add(arg("report=", List.of("report"), List.of("path")));
        all.add(arg("report=" + Inputs.badDir(), List.of(Inputs.badDir().toString()), List.of("report")));
        String tooLong = Inputs.badDir().resolve("r".repeat(300) + ".jsonl").toString();
        all.add(new Bad("report=<a 300-character file name>", "report=" + tooLong, false, List.of("r".repeat(300)),
                List.of("report")));
        // logConfig: empty value, a directory, and files that are no working Logback configuration
        all.add(arg("logConfig=", List.of("logConfig"), List.of("Logback")));
        all.add(arg("logConfig=" + Inputs.badDir(), List.of(Inputs.badDir().toString()), List.of("Logback")));
        for (String config : Inputs.BROKEN) {
            all.add(logConfig(config));
        }
        // structure
        all.add(arg("deadlock", List.of("deadlock"), List.of("key=value")));
        all.add(arg("risk=log,risk=off", List.of("risk"), List.of()));
        all.add(arg("=log", List.of("''", "unknown"), KEYS));
        all.add(arg("Deadlock=log", List.of("Deadlock"), KEYS));
        all.add(arg("grace=5s,,shutdown=later", List.of("later"), List.of("drain", "report", "off")));
        // the same mistakes as system properties
        all.add(prop("-Dpoolguard.bogus=1", List.of("bogus"), KEYS));
        all.add(prop("-Dpoolguard.deadlock=", List.of("deadlock"), List.of("log", "fail", "off")));
        all.add(prop("-Dpoolguard.risk=LOUD", List.of("LOUD"), List.of("log", "off")));
        all.add(prop("-Dpoolguard.report=" + Inputs.badDir(), List.of(Inputs.badDir().toString()), List.of("report")));
        Path malformed = Inputs.config("malformed-xml");
        all.add(new Bad("-Dpoolguard.logConfig=<malformed-xml>", "-Dpoolguard.logConfig=" + malformed, true,
                List.of(malformed.toString()), List.of("Logback")));
        // the configuration of another logging library that Logback parses without an error
        for (String config : Inputs.FOREIGN) {
            all.add(logConfig(config));
        }
        cases = List.copyOf(all);
        return cases;
    }

    private static List<Bad> cases;

    static Bad logConfig(String config) {
        Path file = Inputs.config(config);
        return new Bad("logConfig=<" + config + ">", "logConfig=" + file, false, List.of(file.toString()),
                List.of("Logback"));
    }

    static Stream<Arguments> cases() {
        return Jdks.crossedWith(all().stream().filter(b -> !Inputs.FOREIGN.contains(configName(b))).toList());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void badInputStopsTheJvmWithOneLine(Jdk jdk, Bad bad) {
        ChildJvm.Result r = PreRun.result(jdk, bad);
        Checks.badInput(r, bad.mentions().toArray(String[]::new));
        String line = r.stderrStartingWith("poolguard:").get(0);
        for (String word : bad.accepted()) {
            assertTrue(line.contains(word), () -> "the poolguard: line should say what is accepted ('" + word
                    + "')\n" + r.describe());
        }
        // one line and nothing else from the agent: no Logback status dump, no [poolguard] log lines
        for (String other : r.stderrLines()) {
            boolean jvmWarning = other.contains("VM warning:") || other.startsWith("WARNING:");
            assertTrue(other.startsWith("poolguard:") || jvmWarning,
                    () -> "unexpected stderr line '" + other + "'\n" + r.describe());
        }
        assertTrue(r.stdoutLines().isEmpty(), () -> "nothing on stdout expected\n" + r.describe());
    }

    /**
     * A broken logConfig must be named with what is wrong in it. For malformed XML Logback's exception
     * says only "Problem parsing XML document. See previously reported errors." and those errors (the
     * parser's message and position) sit in Logback's status list, which nobody shows: the one line the
     * user gets then points at errors they never see.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("parseFailures")
    void brokenLogConfigLineSaysWhatIsWrong(Jdk jdk, String config) {
        ChildJvm.Result r = PreRun.result(jdk, logConfig(config));
        Checks.badInput(r, Inputs.config(config).toString());
        String line = r.stderrStartingWith("poolguard:").get(0);
        assertFalse(line.contains("previously reported"),
                () -> "the poolguard: line refers to errors that were never shown instead of naming the problem: "
                        + line + "\n" + r.describe());
    }

    static Stream<Arguments> parseFailures() {
        return Jdks.crossedWith(List.of("malformed-xml", "not-xml"));
    }

    /**
     * The Log4j 2 configuration of an application given as logConfig (a mistake users make when they copy
     * the file their application uses): Logback reads it without an ERROR status (only "Ignoring unknown
     * property [Appenders]" / "[Loggers]" warnings) and configures no appender at all, so poolguard starts
     * and every line it would log, deadlocks included, silently goes nowhere. (A Log4j 1 file names appender
     * classes, fails, and is rejected as it should be: see the main test.)
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("foreignConfigs")
    void logConfigOfAnotherLoggingLibraryIsBadInput(Jdk jdk, String config) {
        ChildJvm.Result r = PreRun.result(jdk, logConfig(config));
        Checks.badInput(r, Inputs.config(config).toString());
    }

    static Stream<Arguments> foreignConfigs() {
        return Jdks.crossedWith(Inputs.FOREIGN);
    }

    private static String configName(Bad bad) {
        return bad.name().startsWith("logConfig=<") ? bad.name().substring(11, bad.name().length() - 1) : "";
    }

    /**
     * The children of every case on every JDK, started together the first time a test asks for one, a few
     * at a time (each lives a fraction of a second; run one after the other they would take most of this
     * class's time budget), and kept for the tests that check them.
     */
    static final class PreRun {
        private static Map<String, CompletableFuture<ChildJvm.Result>> results;

        private PreRun() {}

        static ChildJvm.Result result(Jdk jdk, Bad bad) {
            CompletableFuture<ChildJvm.Result> future = all().get(key(jdk, bad));
            if (future == null) {
                throw new IllegalStateException("no pre-run for " + key(jdk, bad));
            }
            return future.join();
        }

        private static synchronized Map<String, CompletableFuture<ChildJvm.Result>> all() {
            if (results == null) {
                results = new LinkedHashMap<>();
                ExecutorService runners = Executors.newFixedThreadPool(3, r -> {
                    Thread t = new Thread(r, "bad-input-runner");
                    t.setDaemon(true);
                    return t;
                });
                for (Jdk jdk : Jdks.all().toList()) {
                    for (Bad bad : BadInputIT.all()) {
                        results.put(key(jdk, bad), CompletableFuture.supplyAsync(() -> run(jdk, bad), runners));
                    }
                }
                runners.shutdown();
            }
            return results;
        }

        private static String key(Jdk jdk, Bad bad) {
            return jdk.home() + "|" + bad.flag() + "|" + bad.property();
        }

        private static ChildJvm.Result run(Jdk jdk, Bad bad) {
            ChildJvm child = ChildJvm.on(jdk).label("rel-bad");
            if (bad.property()) {
                child.agent("").jvmFlags(bad.flag());
            } else {
                child.agent(bad.flag());
            }
            return child.main(Hello.class).run();
        }
    }

    /** The inputs that need files, created once under target/it-work. */
    static final class Inputs {
        static final List<String> BROKEN = List.of("empty-file", "malformed-xml", "not-xml", "wrong-root-element",
                "unknown-appender-class", "unknown-pattern-word", "file-appender-in-missing-dir", "log4j1-config");
        static final List<String> FOREIGN = List.of("log4j2-config");
        private static Path dir;

        private Inputs() {}

        /** An existing directory: neither a report file nor a Logback file can be it. */
        static synchronized Path badDir() {
            if (dir == null) {
                dir = Libs.itWork().resolve("rel-bad-input-files");
                try {
                    java.nio.file.Files.createDirectories(dir);
                    write("empty-file", "");
                    write("malformed-xml", "<configuration>\n  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">\n");
                    write("not-xml", "root=INFO, stdout\nthis is a properties file, not Logback XML\n");
                    write("wrong-root-element", "<logging/>\n");
                    write("log4j2-config", """
                            <?xml version="1.0" encoding="UTF-8"?>
                            <Configuration status="WARN">
                              <Appenders>
                                <Console name="Console" target="SYSTEM_OUT">
                                  <PatternLayout pattern="%d %-5level %logger - %msg%n"/>
                                </Console>
                              </Appenders>
                              <Loggers>
                                <Root level="info"><AppenderRef ref="Console"/></Root>
                              </Loggers>
                            </Configuration>
                            """);
                    write("log4j1-config", """
                            <?xml version="1.0" encoding="UTF-8"?>
                            <log4j:configuration xmlns:log4j="http://jakarta.apache.org/log4j/">
                              <appender name="console" class="org.apache.log4j.ConsoleAppender">
                                <layout class="org.apache.log4j.PatternLayout">
                                  <param name="ConversionPattern" value="%d %-5p %c - %m%n"/>
                                </layout>
                              </appender>
                              <root><priority value="info"/><appender-ref ref="console"/></root>
                            </log4j:configuration>
                            """);
                    write("unknown-appender-class", """
                            <configuration>
                              <appender name="X" class="com.example.NoSuchAppender"/>
                              <root level="INFO"><appender-ref ref="X"/></root>
                            </configuration>
                            """);
                    write("unknown-pattern-word", """
                            <configuration>
                              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                                <encoder><pattern>%nosuchword %msg%n</pattern></encoder>
                              </appender>
                              <root level="INFO"><appender-ref ref="OUT"/></root>
                            </configuration>
                            """);
                    write("file-appender-in-missing-dir", """
                            <configuration>
                              <appender name="F" class="ch.qos.logback.core.FileAppender">
                                <file>/proc/no-such-dir/poolguard.log</file>
                                <encoder><pattern>%msg%n</pattern></encoder>
                              </appender>
                              <root level="INFO"><appender-ref ref="F"/></root>
                            </configuration>
                            """);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return dir;
        }

        static Path config(String name) {
            return badDir().resolve(name + ".xml");
        }

        private static void write(String name, String text) throws IOException {
            java.nio.file.Files.writeString(dir.resolve(name + ".xml"), text);
        }
    }
}
