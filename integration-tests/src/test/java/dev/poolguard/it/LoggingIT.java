package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.programs.ExitDuringTask;

/** The agent's own logging: [poolguard] lines on stderr by default, replaced by a logConfig file. */
class LoggingIT {
    /**
     * A plain Logback configuration as a user would write it (standard Logback class names): everything
     * at INFO and above to stdout, each line marked CUSTOMLOG.
     */
    static final String CUSTOM_CONFIG = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <target>System.out</target>
                <encoder>
                  <pattern>CUSTOMLOG %level %msg%n</pattern>
                </encoder>
              </appender>
              <root level="INFO">
                <appender-ref ref="OUT"/>
              </root>
            </configuration>
            """;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void defaultLogLinesGoToStderrWithThePrefix(Jdk jdk) {
        ChildJvm.Result r = ChildJvm.on(jdk).label("log-default").withReport()
                .main(ExitDuringTask.class, "0", "300").run();
        Checks.exitStatus(r, 0);
        Checks.printed(r, "task done");
        List<String> agentLines = r.stderrStartingWith("[poolguard]");
        assertTrue(agentLines.stream().anyMatch(l -> l.toLowerCase(Locale.ROOT).contains("shutdown")),
                () -> "expected the shutdown summary as a [poolguard] line on stderr\n" + r.describe());
        for (String line : r.stderrLines()) {
            boolean jvmWarning = line.contains("VM warning:") || line.startsWith("WARNING:");
            assertTrue(line.startsWith("[poolguard]") || jvmWarning,
                    () -> "stderr line neither from the agent's logger nor a JVM warning: '" + line + "'\n" + r.describe());
        }
        assertTrue(r.stdoutLines().stream().noneMatch(l -> l.contains("poolguard")), r::describe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void logConfigReplacesTheBuiltInConfiguration(Jdk jdk) throws IOException {
        ChildJvm.Result r;
        Path config = Files.createTempFile("poolguard-it-logback", ".xml");
        try {
            Files.writeString(config, CUSTOM_CONFIG);
            r = ChildJvm.on(jdk).label("log-config").withReport().agent("logConfig=" + config)
                    .main(ExitDuringTask.class, "0", "300").run();
            Checks.exitStatus(r, 0);
            Report report = r.report();
            Map<String, Object> options = report.object(report.single("agent-start"), "options");
            assertEquals(config.toString(), report.string(options, "logConfig"), report::context);
        } finally {
            Files.deleteIfExists(config);
        }
        Checks.printed(r, "task done");
        List<String> custom = r.stdoutStartingWith("CUSTOMLOG ");
        assertTrue(custom.stream().anyMatch(l -> l.toLowerCase(Locale.ROOT).contains("shutdown")),
                () -> "expected the shutdown summary through the custom configuration (CUSTOMLOG on stdout)\n"
                        + r.describe());
        assertFalse(r.stderrLines().stream().anyMatch(l -> l.startsWith("[poolguard]")),
                () -> "the built-in configuration must be replaced, not added to\n" + r.describe());
    }
}
