package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The README's CI recipe, run for real: the small Maven project in {@code src/test/resources/surefire-recipe}
 * is copied to a work directory and built with the Maven of this machine ({@code mvn -B verify}), Maven
 * and so the Surefire forks running on each JDK under test. Its Surefire {@code argLine} attaches the
 * agent under test ({@code -Dpoolguard.agent=...}) with a {@code %p} report per fork and
 * {@code deadlock=fail}; one of its tests deadlocks until {@code -Dfixed=true} switches the fix on.
 *
 * <p>Maven is found as the system property {@code poolguard.mvn}, else {@code $MAVEN_HOME/bin/mvn}, else
 * {@code mvn} on the PATH; a local repository given to this build ({@code -Dmaven.repo.local}, or
 * {@code poolguard.mavenRepoLocal}) is passed on. Every Maven run's log is kept in the work directory.
 */
class SurefireRecipeIT {
    private static final Duration MAVEN_TIMEOUT = Duration.ofMinutes(5);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String DEADLOCKING_TEST = "com.example.orders.PriceServiceTest";
    private static final Pattern CHECK_DEADLOCK_LINE = Pattern.compile(
            ".*\\[java] .*/target/poolguard/poolguard-\\d+\\.jsonl:\\d+: deadlock STARVATION: thread 'pool-\\d+-thread-1'"
                    + " of pool ThreadPoolExecutor#\\d+\\(pool-\\d+-thread-\\) waits at"
                    + " com\\.example\\.orders\\.PriceService\\.lambda\\$total\\$\\d+\\(PriceService\\.java:29\\)$");

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void deadlockFailsTheBuildAtOnceAndTheFixPassesIt(Jdk jdk) throws Exception {
        Path project = copyRecipe(jdk);

        // 1. As it is: the test that would hang fails at once, and the build with it.
        MavenRun broken = mvn(jdk, project, "broken", "verify");
        assertNotEquals(0, broken.exit, broken::describe);
        broken.logHas("[ERROR] Tests run: 2, Failures: 0, Errors: 1, Skipped: 0");
        broken.logHas("BUILD FAILURE");
        Element testcase = testcase(project, DEADLOCKING_TEST, "totalOfAnOrder", broken);
        Element error = child(testcase, "error", broken);
        assertTrue(error.getAttribute("message").contains("dev.poolguard.DeadlockDetectedException: deadlock: STARVATION"),
                () -> "the test failed with DeadlockDetectedException\n" + broken.describe());
        assertTrue(error.getTextContent().contains("Caused by: dev.poolguard.DeadlockDetectedException"),
                () -> "the cause is in the report's stack trace\n" + broken.describe());
        double seconds = Double.parseDouble(testcase.getAttribute("time"));
        assertTrue(seconds < 1.0, () -> "the deadlocking test took " + seconds + " s; it must fail in well under a"
                + " second (its own timeout is 30 s)\n" + broken.describe());
        Map<String, Report> reports = reports(project, broken, 2);
        long withDeadlock = reports.values().stream().filter(r -> r.has("deadlock")).count();
        assertEquals(1, withDeadlock, () -> "one fork's report holds the deadlock\n" + broken.describe());
        for (Report report : reports.values()) {
            Map<String, Object> start = report.single("agent-start");
            assertTrue(report.string(start, "jdk").startsWith(Integer.toString(jdk.feature())),
                    () -> "the fork ran on " + jdk + "\n" + report.context());
            assertEquals("fail", report.object(start, "options").get("deadlock"), report::context);
        }
        assertFalse(broken.logText().contains("(poolguard-check)"), () -> "the build stopped at the tests\n" + broken.describe());

        // 2. With test failures ignored (as CI jobs that publish test results often are), the check step
        //    fails the build on what the reports hold.
        MavenRun ignored = mvn(jdk, project, "failures-ignored", "verify", "-Dmaven.test.failure.ignore=true");
        assertNotEquals(0, ignored.exit, ignored::describe);
        ignored.logHas("(poolguard-check)");
        assertTrue(ignored.lines().stream().anyMatch(l -> CHECK_DEADLOCK_LINE.matcher(l).matches()),
                () -> "the check step names the deadlock, its thread, pool and call site\n" + ignored.describe());
        ignored.logHas("[java] read 2 reports");
        ignored.logHas("[java] 1 deadlocks, 0 risks, 0 stalls, 0 tasks left undone");
        ignored.logHas("Java returned: 1");
        ignored.logHas("BUILD FAILURE");
        Set<String> before = reports.keySet();
        Set<String> after = reports(project, ignored, 2).keySet();
        assertTrue(after.stream().noneMatch(before::contains), () -> "the reports of the earlier run were deleted: "
                + before + " then " + after + "\n" + ignored.describe());

        // 3. Fixed: the build passes, and the check step says there is nothing to see.
        MavenRun fixed = mvn(jdk, project, "fixed", "verify", "-Dfixed=true");
        assertEquals(0, fixed.exit, fixed::describe);
        fixed.logHas("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0");
        fixed.logHas("(poolguard-check)");
        fixed.logHas("[java] read 2 reports");
        fixed.logHas("[java] 0 deadlocks, 0 risks, 0 stalls, 0 tasks left undone");
        fixed.logHas("BUILD SUCCESS");
        for (Report report : reports(project, fixed, 2).values()) {
            assertFalse(report.has("deadlock") || report.has("risk"), report::context);
        }
    }

    /**
     * The README's "Use in CI" section shows this pom's poolguard parts as they are: each block between
     * {@code <!-- poolguard-start -->} and {@code <!-- poolguard-end -->}, line by line (indentation aside).
     */
    @Test
    void readmeShowsTheRecipesPomSnippet() throws IOException {
        Path readme = Path.of(ChildJvm.requiredProperty("poolguard.testClasses")).resolve("../../../README.md").normalize();
        assertTrue(Files.isRegularFile(readme), "no README at " + readme);
        List<String> readmeLines = Files.readAllLines(readme).stream().map(String::strip).toList();
        List<String> pom = Files.readAllLines(recipe().resolve("pom.xml"));
        List<List<String>> blocks = new ArrayList<>();
        List<String> block = null;
        for (String line : pom) {
            String text = line.strip();
            if (text.equals("<!-- poolguard-start -->")) {
                block = new ArrayList<>();
            } else if (text.equals("<!-- poolguard-end -->")) {
                blocks.add(block);
                block = null;
            } else if (block != null && !text.isEmpty()) {
                block.add(text);
            }
        }
        assertEquals(2, blocks.size(), "the recipe pom marks its properties and its plugins");
        List<String> nonBlank = readmeLines.stream().filter(l -> !l.isEmpty()).toList();
        for (List<String> expected : blocks) {
            assertTrue(java.util.Collections.indexOfSubList(nonBlank, expected) >= 0,
                    () -> "README.md lacks this part of " + recipe().resolve("pom.xml") + ":\n" + String.join("\n", expected));
        }
    }

    // ---- the project and its Maven runs

    private static Path recipe() {
        return Path.of(ChildJvm.requiredProperty("poolguard.testClasses")).resolve("surefire-recipe");
    }

    private static Path copyRecipe(Jdk jdk) throws IOException {
        Path source = recipe();
        assertTrue(Files.isRegularFile(source.resolve("pom.xml")), "no recipe project at " + source);
        Path work = Path.of(ChildJvm.requiredProperty("poolguard.testClasses")).getParent().resolve("it-work")
                .resolve("surefire-recipe-jdk" + jdk.feature() + "-" + ProcessHandle.current().pid() + "-"
                        + SEQUENCE.incrementAndGet());
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = work.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return work;
    }

    private static MavenRun mvn(Jdk jdk, Path project, String label, String... goalsAndFlags) throws Exception {
        Path agent = Path.of(ChildJvm.requiredProperty("poolguard.agentJar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(agent), "agent jar " + agent + " does not exist: build it first");
        List<String> command = new ArrayList<>();
        command.add(maven());
        command.add("-B");
        command.add("-ntp");
        String repo = firstSet(System.getProperty("poolguard.mavenRepoLocal"), System.getProperty("maven.repo.local"));
        if (repo != null) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        command.add("-Dpoolguard.agent=" + agent);
        command.addAll(List.of(goalsAndFlags));
        Path log = project.resolve("mvn-" + label + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", jdk.home().toString());
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "MAVEN_ARGS")) {
            env.remove(variable);
        }
        Files.writeString(project.resolve("mvn-" + label + ".command.txt"), "JAVA_HOME=" + jdk.home() + " "
                + String.join(" ", command) + "\n");
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        boolean ended = process.waitFor(MAVEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String text = Files.readString(log, StandardCharsets.UTF_8);
        MavenRun run = new MavenRun(jdk, label, command, project, log, ended ? process.exitValue() : Integer.MIN_VALUE,
                took, text);
        if (!ended) {
            fail("mvn did not end within " + MAVEN_TIMEOUT + ", killed\n" + run.describe());
        }
        return run;
    }

    /** The Maven launcher: {@code poolguard.mvn}, else {@code $MAVEN_HOME/bin/mvn}, else {@code mvn} on the PATH. */
    private static String maven() {
        String configured = System.getProperty("poolguard.mvn", "").trim();
        if (!configured.isEmpty()) {
            return configured;
        }
        List<Path> candidates = new ArrayList<>();
        String home = firstSet(System.getenv("MAVEN_HOME"), System.getProperty("maven.home"));
        if (home != null) {
            candidates.add(Path.of(home, "bin", "mvn"));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "mvn"));
            }
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("the Surefire recipe test needs Maven: none found as -Dpoolguard.mvn, $MAVEN_HOME/bin/mvn"
                + " or mvn on the PATH (searched " + candidates + ")");
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /** The fork reports of the last run, by file name; exactly {@code expected} of them (one per fork). */
    private static Map<String, Report> reports(Path project, MavenRun run, int expected) throws IOException {
        Path dir = project.resolve("target/poolguard");
        List<Path> files;
        try (Stream<Path> list = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            files = list.filter(p -> p.getFileName().toString().matches("poolguard-\\d+\\.jsonl")).sorted().toList();
        }
        assertEquals(expected, files.size(), () -> "expected " + expected + " reports (one per fork) in " + dir + ": "
                + files + "\n" + run.describe());
        Map<String, Report> reports = new java.util.LinkedHashMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            long pid = Long.parseLong(name.substring("poolguard-".length(), name.length() - ".jsonl".length()));
            reports.put(name, Report.read(file, pid, run::describe));
        }
        return reports;
    }

    private static Element testcase(Path project, String className, String method, MavenRun run) throws Exception {
        Path xml = project.resolve("target/surefire-reports/TEST-" + className + ".xml");
        assertTrue(Files.isRegularFile(xml), () -> "no Surefire report " + xml + "\n" + run.describe());
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList cases = document.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element testcase = (Element) cases.item(i);
            if (testcase.getAttribute("name").equals(method)) {
                return testcase;
            }
        }
        throw new AssertionError("no testcase " + method + " in " + xml + "\n" + run.describe());
    }

    private static Element child(Element parent, String tag, MavenRun run) {
        NodeList found = parent.getElementsByTagName(tag);
        if (found.getLength() == 0) {
            throw new AssertionError("testcase " + parent.getAttribute("name") + " has no <" + tag + ">\n" + run.describe());
        }
        return (Element) found.item(0);
    }

    /** One {@code mvn} run: its exit status and its whole log. */
    private record MavenRun(Jdk jdk, String label, List<String> command, Path project, Path log, int exit,
                            Duration took, String logText) {
        List<String> lines() {
            return logText.lines().toList();
        }

        void logHas(String fragment) {
            assertTrue(logText.contains(fragment), () -> "the Maven log lacks '" + fragment + "'\n" + describe());
        }

        String describe() {
            Set<String> reports = new TreeSet<>();
            try (Stream<Path> list = Files.isDirectory(project.resolve("target/poolguard"))
                    ? Files.list(project.resolve("target/poolguard")) : Stream.empty()) {
                reports.addAll(list.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> lines = lines();
            int max = 250;
            List<String> shown = lines.size() <= max ? lines : lines.subList(lines.size() - max, lines.size());
            return "---- mvn " + label + " on " + jdk + ": exit " + exit + " after " + took.toMillis() + " ms\n"
                    + "command: " + String.join(" ", command) + "\nproject: " + project + "\nlog: " + log
                    + "\nreports: " + reports + "\n---- log" + (shown.size() < lines.size() ? " (last " + max + " lines)" : "")
                    + "\n" + String.join("\n", shown) + "\n----";
        }
    }
}
