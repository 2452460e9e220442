package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.Hello;

/**
 * Option input: bad agent arguments and system properties end the JVM with status 1 and one
 * {@code poolguard:} line before main runs; system properties work and the agent argument wins.
 */
class OptionsIT {

    /**
     * A bad option, the words of which the poolguard: line must contain at least one (the key or the
     * value), and the words it must all contain (what is accepted, where the contract fixes it).
     */
    record Bad(String option, List<String> mentions, List<String> accepted) {
        Bad(String option, List<String> mentions) {
            this(option, mentions, List.of());
        }

        @Override
        public String toString() {
            return option;
        }
    }

    static Stream<Arguments> badAgentArguments() {
        return Jdks.crossedWith(List.of(
                new Bad("bogus=1", List.of("bogus"),
                        List.of("report", "deadlock", "risk", "shutdown", "grace", "stall", "hookSpawns", "logConfig")),
                new Bad("shutdown=maybe", List.of("shutdown", "maybe"), List.of("drain", "report", "off")),
                new Bad("grace=5 parsecs", List.of("grace", "5 parsecs")),
                new Bad("grace=-1s", List.of("grace", "-1s")),
                new Bad("hookSpawns=sometimes", List.of("hookSpawns", "sometimes"), List.of("allow", "block")),
                new Bad("deadlock=explode", List.of("deadlock", "explode"), List.of("log", "fail", "off")),
                new Bad("risk=loud", List.of("risk", "loud"), List.of("log", "off")),
                new Bad("report", List.of("report"))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badAgentArguments")
    void badAgentArgumentIsRejectedBeforeMain(Jdk jdk, Bad bad) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("bad-arg").agent(bad.option()).main(Hello.class).run();
        Checks.badInput(r, bad.mentions().toArray(String[]::new));
        String line = r.stderrStartingWith("poolguard:").get(0);
        for (String word : bad.accepted()) {
            assertTrue(line.contains(word), () -> "the poolguard: line should say what is accepted (" + word + ")\n"
                    + r.describe());
        }
    }

    static Stream<Arguments> badSystemProperties() {
        return Jdks.crossedWith(List.of(
                new Bad("-Dpoolguard.grace=xyz", List.of("grace", "xyz")),
                new Bad("-Dpoolguard.shutdown=maybe", List.of("shutdown", "maybe"))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badSystemProperties")
    void badSystemPropertyIsRejectedBeforeMain(Jdk jdk, Bad bad) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("bad-prop").jvmFlags(bad.option()).main(Hello.class).run();
        Checks.badInput(r, bad.mentions().toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void reportInADirectoryThatDoesNotExistIsBadInput(Jdk jdk) {
        String path = "/proc/nope/r.jsonl";
        ChildJvm.Result r = ChildJvm.on(jdk).label("bad-report-proc").agent("report=" + path).main(Hello.class).run();
        Checks.badInput(r, path);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void reportUnderARegularFileIsBadInput(Jdk jdk) throws IOException {
        Path file = Files.createTempFile("poolguard-it-regular", ".txt");
        try {
            String path = file.resolve("r.jsonl").toString();
            ChildJvm.Result r = ChildJvm.on(jdk).label("bad-report-file").agent("report=" + path).main(Hello.class).run();
            Checks.badInput(r, path);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void missingLogConfigIsBadInput(Jdk jdk) {
        String path = "/nonexistent/poolguard-logback.xml";
        ChildJvm.Result r = ChildJvm.on(jdk).label("bad-logconfig").agent("logConfig=" + path).main(Hello.class).run();
        Checks.badInput(r, path);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void systemPropertiesAloneConfigureTheAgent(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("props-only").withReportAsSystemProperty()
                .jvmFlags("-Dpoolguard.shutdown=report", "-Dpoolguard.grace=250ms")
                .main(Hello.class).run();
        Checks.exitStatus(r, 0);
        Checks.printed(r, "MAIN RAN");
        Report report = r.report();
        Map<String, Object> options = report.object(report.single("agent-start"), "options");
        assertEquals("report", report.string(options, "shutdown"), report::context);
        AgentStartIT.assertDuration(report, options, "250ms", 250);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void agentArgumentWinsOverSystemProperty(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("arg-wins").withReport().agent("shutdown=report")
                .jvmFlags("-Dpoolguard.shutdown=off", "-Dpoolguard.hookSpawns=block")
                .main(Hello.class).run();
        Checks.exitStatus(r, 0);
        Report report = r.report();
        Map<String, Object> options = report.object(report.single("agent-start"), "options");
        assertEquals("report", report.string(options, "shutdown"), report::context);
        // a key the agent argument does not give still comes from its system property
        assertEquals("block", report.string(options, "hookSpawns"), report::context);
        Checks.shutdownShape(report); // report mode, not off: the shutdown is handled
    }
}
