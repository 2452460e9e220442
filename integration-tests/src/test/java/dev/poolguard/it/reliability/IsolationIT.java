package dev.poolguard.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.Checks;
import dev.poolguard.it.ChildJvm;
import dev.poolguard.it.Jdk;
import dev.poolguard.it.Jdks;
import dev.poolguard.it.Report;

/**
 * Issue #5 part 2, isolation: an application with its own logging and bytecode libraries on the class
 * path, either old (SLF4J 1.7, Logback 1.2, ByteBuddy 1.14) or the very versions the agent shades but
 * unrelocated (SLF4J 2, Logback 1.5, ByteBuddy 1.18), and its own logback.xml. The application logs with
 * its configuration and its libraries and generates its own class; the agent logs with its own
 * configuration (never the application's logback.xml), finds the risk and the deadlock, and reports.
 */
class IsolationIT {
    /** The application's logback.xml: everything from DEBUG up to stdout, each line marked APPLOG. */
    static final String APP_LOGBACK_XML = """
            <configuration>
              <appender name="APP" class="ch.qos.logback.core.ConsoleAppender">
                <target>System.out</target>
                <encoder><pattern>APPLOG %level %logger{0} - %msg%n</pattern></encoder>
              </appender>
              <root level="DEBUG"><appender-ref ref="APP"/></root>
            </configuration>
            """;

    /** A class-path set and the jar names its libraries must come from. */
    record Stack(String set, String slf4j, String logback, String bytebuddy) {
        @Override
        public String toString() {
            return set + " (" + slf4j + ", " + logback + ", " + bytebuddy + ")";
        }
    }

    static Stream<Arguments> stacks() {
        return Jdks.crossedWith(List.of(
                new Stack("old", "slf4j-api-1.7.", "logback-classic-1.2.", "byte-buddy-1.14."),
                new Stack("new", "slf4j-api-2.", "logback-classic-1.5.", "byte-buddy-1.18.")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("stacks")
    void applicationAndAgentEachUseTheirOwnLibraries(Jdk jdk, Stack stack) throws IOException {
        ChildJvm child = ChildJvm.on(jdk).noAgent().label("isolation-" + stack.set());
        Path config = child.logDir().resolve("app-config");
        Files.createDirectories(config);
        Files.writeString(config.resolve("logback.xml"), APP_LOGBACK_XML);
        Path report = child.logDir().resolve("report.jsonl");
        List<Path> classPath = new ArrayList<>();
        classPath.add(config);
        classPath.addAll(Libs.set(stack.set()));
        ChildJvm.Result r = child.agentFlag("report=" + report + ",deadlock=fail").report(report)
                .classPath(classPath).main(IsolationApp.class).timeout(java.time.Duration.ofSeconds(60)).run();

        Checks.exitStatus(r, 0);
        Checks.printed(r, "APP DONE");
        // the application: its own libraries, its own configuration, its own generated class
        Checks.printed(r, "APP LOGGER FACTORY ch.qos.logback.classic.LoggerContext");
        assertOrigin(r, "APP SLF4J FROM ", stack.slf4j());
        assertOrigin(r, "APP LOGBACK FROM ", stack.logback());
        assertOrigin(r, "APP BYTEBUDDY FROM ", stack.bytebuddy());
        Checks.printed(r, "APPLOG INFO IsolationApp - app started");
        Checks.printed(r, "APPLOG DEBUG IsolationApp - debug is on in the app's own configuration");
        Checks.printed(r, "APPLOG INFO IsolationApp - generated dev.poolguard.it.reliability.GeneratedByTheApp");
        Checks.printed(r, "APP GENERATED dev.poolguard.it.reliability.GeneratedByTheApp says made by the app's ByteBuddy");
        Checks.printed(r, "APPLOG INFO IsolationApp - app done");
        Checks.printed(r, "APP DEADLOCK CAUGHT dev.poolguard.DeadlockDetectedException");
        // nothing of the agent went through the application's logging, nothing of the application's
        // through the agent's
        for (String line : r.stdoutLines()) {
            assertFalse(line.contains("[poolguard]") || line.startsWith("APPLOG") && (line.contains("DEADLOCK")
                            || line.contains("risk") || line.contains("shutdown")),
                    () -> "agent output in the application's log: '" + line + "'\n" + r.describe());
        }
        // the agent: its own configuration, on stderr
        List<String> agent = r.stderrStartingWith("[poolguard]");
        assertTrue(agent.stream().anyMatch(l -> l.startsWith("[poolguard] ERROR DEADLOCK")),
                () -> "expected the deadlock in the agent's log\n" + r.describe());
        assertTrue(agent.stream().anyMatch(l -> l.startsWith("[poolguard] WARN risk")),
                () -> "expected the risk in the agent's log\n" + r.describe());
        assertTrue(agent.stream().anyMatch(l -> l.startsWith("[poolguard] INFO shutdown:")),
                () -> "expected the shutdown summary in the agent's log\n" + r.describe());
        for (String line : r.stderrLines()) {
            boolean jvmWarning = line.contains("VM warning:") || line.startsWith("WARNING:");
            assertTrue(line.startsWith("[poolguard]") || jvmWarning,
                    () -> "stderr line neither the agent's log nor a JVM warning (an SLF4J or Logback complaint?): '"
                            + line + "'\n" + r.describe());
        }
        // and its report
        Report rep = r.report();
        Map<String, Object> start = rep.single("agent-start");
        assertTrue(rep.strings(start, "problems").isEmpty(), rep::context);
        assertEquals("STARVATION", rep.string(rep.single("deadlock"), "kind"), rep::context);
        assertEquals("SAME_POOL_WAIT", rep.string(rep.single("risk"), "kind"), rep::context);
        Checks.shutdownShape(rep);
        assertFalse(rep.has("feature-disabled"), rep::context);
    }

    private static void assertOrigin(ChildJvm.Result r, String prefix, String jarPrefix) {
        List<String> lines = r.stdoutStartingWith(prefix);
        assertEquals(1, lines.size(), () -> "expected one '" + prefix + "' line\n" + r.describe());
        String jar = lines.get(0).substring(prefix.length());
        assertTrue(jar.startsWith(jarPrefix) && jar.endsWith(".jar"),
                () -> prefix + "expected " + jarPrefix + "*.jar, was " + jar + "\n" + r.describe());
    }
}
