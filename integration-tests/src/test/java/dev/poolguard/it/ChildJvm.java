package dev.poolguard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts a real child JVM, optionally with the poolguard agent, and captures everything it does.
 *
 * <p>Build one with {@link #on(Jdk)}, then {@link #run()} it to the end, or {@link #start()} it to
 * interact (wait for a line such as {@code READY}, then send SIGTERM or kill it). Both streams are drained
 * on their own threads; stdout lines are also observable while the child runs, so handshakes go through
 * what the child prints, never through sleeps. Each child gets a work directory under
 * {@code target/it-work/} holding its command line, stdout, stderr and report, kept for diagnosis.
 *
 * <p>The timeout is a safety net only: a child still alive when it expires is killed and the test fails
 * with everything captured so far.
 */
public final class ChildJvm {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Jdk jdk;
    private boolean withAgent = true;
    private String agentOptions = "";
    private boolean withReport;
    private boolean reportAsSystemProperty;
    private final List<String> jvmFlags = new ArrayList<>();
    private String mainClass;
    private boolean demosJar;
    private final List<String> args = new ArrayList<>();
    private Duration timeout = DEFAULT_TIMEOUT;
    private String label = "child";
    private final List<String> classPath = new ArrayList<>();
    private Path runDir;
    private Path logDir;
    private Path explicitReport;

    private ChildJvm(Jdk jdk) {
        this.jdk = Objects.requireNonNull(jdk);
    }

    /** A child on the given JDK, with the agent attached and no options. */
    public static ChildJvm on(Jdk jdk) {
        return new ChildJvm(jdk);
    }

    /** The agent options (the part after {@code =}); empty for none. */
    public ChildJvm agent(String options) {
        this.withAgent = true;
        this.agentOptions = options == null ? "" : options;
        return this;
    }

    /** Runs the child without the agent (a baseline). */
    public ChildJvm noAgent() {
        this.withAgent = false;
        return this;
    }

    /**
     * Adds {@code report=<work dir>/report-%p.jsonl} in front of the agent options; the result's
     * {@link Result#report()} reads it (with {@code %p} replaced by the child's pid).
     */
    public ChildJvm withReport() {
        this.withReport = true;
        return this;
    }

    /** Like {@link #withReport()}, but given as {@code -Dpoolguard.report=...} instead of an agent option. */
    public ChildJvm withReportAsSystemProperty() {
        this.withReport = true;
        this.reportAsSystemProperty = true;
        return this;
    }

    /** Extra JVM flags, placed before the main class. */
    public ChildJvm jvmFlags(String... flags) {
        jvmFlags.addAll(Arrays.asList(flags));
        return this;
    }

    /**
     * {@code -javaagent:<poolguard jar>[=options]} at this point among the JVM flags, for tests that
     * decide the order of several agents; use with {@link #noAgent()} so it is the only poolguard flag.
     */
    public ChildJvm agentFlag(String options) {
        Path agentJar = Path.of(requiredProperty("poolguard.agentJar"));
        return jvmFlags("-javaagent:" + agentJar + (options == null || options.isEmpty() ? "" : "=" + options));
    }

    /** Class path entries after the test classes (third-party jars of a test's program). */
    public ChildJvm classPath(List<Path> entries) {
        entries.forEach(p -> classPath.add(p.toString()));
        return this;
    }

    /** The child's working directory; by default its {@link #logDir()}. */
    public ChildJvm workDir(Path dir) {
        this.runDir = dir;
        return this;
    }

    /** A report file the test named in its own options (read by {@link Result#report()}). */
    public ChildJvm report(Path file) {
        this.explicitReport = file;
        return this;
    }

    /**
     * This child's directory under {@code target/it-work}, created on first use: the command line, its
     * output, and whatever files the test puts there (a report, a config). The working directory too,
     * unless {@link #workDir} names another.
     */
    public Path logDir() {
        if (logDir == null) {
            logDir = newLogDir();
        }
        return logDir;
    }

    /** Runs {@code program}'s main from the test classes. */
    public ChildJvm main(Class<?> program, String... programArgs) {
        this.mainClass = program.getName();
        this.demosJar = false;
        this.args.clear();
        this.args.addAll(Arrays.asList(programArgs));
        return this;
    }

    /** Runs {@code java -jar <demos jar> ARGS} (a scenario name; none lists the scenarios). */
    public ChildJvm demo(String... demoArgs) {
        this.demosJar = true;
        this.mainClass = null;
        this.args.clear();
        this.args.addAll(Arrays.asList(demoArgs));
        return this;
    }

    public ChildJvm timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** A short name for the work directory (for example the scenario). */
    public ChildJvm label(String label) {
        this.label = label.replaceAll("[^A-Za-z0-9._-]", "_");
        return this;
    }

    /** Runs the child to its end (or to the timeout) and returns what it did. */
    public Result run() {
        return start().await();
    }

    /** Starts the child; interact with it through the returned handle. */
    public Running start() {
        if (mainClass == null && !demosJar) {
            throw new IllegalStateException("no main class or demo scenario given");
        }
        Path work = logDir();
        String reportPattern = withReport ? work.resolve("report-%p.jsonl").toString()
                : explicitReport != null ? explicitReport.toString() : null;
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        if (withAgent) {
            Path agentJar = Path.of(requiredProperty("poolguard.agentJar"));
            if (!Files.isRegularFile(agentJar)) {
                throw new IllegalStateException("agent jar " + agentJar + " does not exist: build it first"
                        + " (mvn install -DskipTests -pl agent,demo-apps)");
            }
            String options = agentOptions;
            if (reportPattern != null && !reportAsSystemProperty) {
                options = options.isEmpty() ? "report=" + reportPattern : "report=" + reportPattern + "," + options;
            }
            command.add("-javaagent:" + agentJar + (options.isEmpty() ? "" : "=" + options));
            if (reportPattern != null && reportAsSystemProperty) {
                command.add("-Dpoolguard.report=" + reportPattern);
            }
        }
        command.addAll(jvmFlags);
        if (mainClass != null) {
            List<String> cp = new ArrayList<>();
            cp.add(requiredProperty("poolguard.testClasses"));
            cp.addAll(classPath);
            command.add("-cp");
            command.add(String.join(java.io.File.pathSeparator, cp));
            command.add(mainClass);
        } else {
            Path demos = Path.of(requiredProperty("poolguard.demosJar"));
            if (!Files.isRegularFile(demos)) {
                throw new IllegalStateException("demos jar " + demos + " does not exist: build it first");
            }
            command.add("-jar");
            command.add(demos.toString());
        }
        command.addAll(args);

        ProcessBuilder builder = new ProcessBuilder(command).directory((runDir != null ? runDir : work).toFile());
        Map<String, String> env = builder.environment();
        // Options from the environment would print "Picked up ..." and change the child: keep it clean.
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        env.remove("_JAVA_OPTIONS");
        try {
            Files.writeString(work.resolve("command.txt"), String.join(" ", command) + "\n");
            Process process = builder.start();
            process.getOutputStream().close();
            return new Running(this, process, command, work, reportPattern);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private Path newLogDir() {
        String base = System.getProperty("poolguard.testClasses");
        Path root = base != null ? Path.of(base).getParent().resolve("it-work")
                : Path.of(System.getProperty("java.io.tmpdir"), "poolguard-it-work");
        Path dir = root.resolve(label + "-jdk" + jdk.feature() + "-" + ProcessHandle.current().pid()
                + "-" + SEQUENCE.incrementAndGet());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (run through mvn verify)");
        }
        return value;
    }

    /** A child that was started and may still be running. */
    public static final class Running {
        private final ChildJvm spec;
        private final Process process;
        private final List<String> command;
        private final Path work;
        private final String reportPattern;
        private final ChildOutput stdout;
        private final ChildOutput stderr;
        private final long deadlineNanos;
        private String threadDump;

        private Running(ChildJvm spec, Process process, List<String> command, Path work, String reportPattern) {
            this.spec = spec;
            this.process = process;
            this.command = command;
            this.work = work;
            this.reportPattern = reportPattern;
            this.deadlineNanos = System.nanoTime() + spec.timeout.toNanos();
            this.stdout = ChildOutput.drain(process.getInputStream(), "child-" + process.pid() + "-stdout");
            this.stderr = ChildOutput.drain(process.getErrorStream(), "child-" + process.pid() + "-stderr");
        }


        public long pid() {
            return process.pid();
        }

        /** Whether the child is still running. */
        public boolean alive() {
            return process.isAlive();
        }

        /** The child's report file (its pid filled in), or null when it was started without one. */
        public Path reportFile() {
            return reportPattern == null ? null : Path.of(reportPattern.replace("%p", Long.toString(process.pid())));
        }

        /**
         * Waits until the child prints exactly {@code line} on stdout. Fails (with everything captured)
         * if the child ends first or the timeout expires.
         */
        public Running awaitLine(String line) {
            awaitLine(line::equals, "'" + line + "'");
            return this;
        }

        /**
         * Waits until the child prints a stdout line that {@code wanted} accepts, and returns it. Fails
         * (with a thread dump and everything captured) if the child ends first or the timeout expires.
         */
        public String awaitLine(java.util.function.Predicate<String> wanted, String what) {
            String line = stdout.await(wanted, deadlineNanos);
            if (line == null) {
                boolean alive = process.isAlive();
                if (alive) {
                    dumpThreads();
                    process.toHandle().destroyForcibly();
                }
                Result r = await();
                throw new AssertionError("child never printed " + what + " ("
                        + (alive ? "timed out after " + spec.timeout.toSeconds() + " s, killed" : "it ended first")
                        + ")\n" + describe(r));
            }
            return line;
        }

        /** Every stdout line so far. */
        public List<String> stdoutSoFar() {
            return stdout.snapshot();
        }

        /** A thread dump through jcmd, kept for failure messages and in the log directory (best effort). */
        public void dumpThreads() {
            try {
                Path jcmd = spec.jdk.home().resolve("bin").resolve("jcmd");
                Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                        .redirectErrorStream(true).start();
                byte[] out = p.getInputStream().readAllBytes();
                p.waitFor(20, TimeUnit.SECONDS);
                threadDump = new String(out, java.nio.charset.StandardCharsets.UTF_8);
                Files.writeString(work.resolve("threads.txt"), threadDump);
            } catch (IOException | RuntimeException e) {
                threadDump = "<<jcmd failed: " + e + ">>";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The result's description plus the thread dump taken when the child hung, if any. */
        public String describe(Result r) {
            return r.describe() + (threadDump == null ? "" : "\n---- thread dump at the timeout\n" + threadDump);
        }

        /**
         * Sends SIGTERM. Through the ProcessHandle: Process.destroy() sends the same signal on Linux but
         * also closes the child's stdout/stderr pipes, losing everything the child prints while it shuts down.
         */
        public Running sigterm() {
            if (!process.toHandle().destroy()) {
                throw new AssertionError("could not send SIGTERM to " + process.pid());
            }
            return this;
        }

        /** Sends SIGKILL (kill -9), keeping the pipes open like {@link #sigterm()}. */
        public Running kill9() {
            if (!process.toHandle().destroyForcibly()) {
                throw new AssertionError("could not send SIGKILL to " + process.pid());
            }
            return this;
        }

        /** Waits for the child's end (killing it at the timeout) and returns what it did. */
        public Result await() {
            boolean timedOut = false;
            try {
                long left = deadlineNanos - System.nanoTime();
                if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                    timedOut = true;
                    dumpThreads();
                    process.toHandle().destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
                stdout.awaitEnd(10_000);
                stderr.awaitEnd(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new AssertionError("interrupted while waiting for the child", e);
            }
            int exit = process.isAlive() ? Integer.MIN_VALUE : process.exitValue();
            Path report = reportPattern == null ? null : Path.of(reportPattern.replace("%p", Long.toString(process.pid())));
            Result result = new Result(spec.jdk, command, work, process.pid(), exit, timedOut,
                    stdout.snapshot(), stderr.snapshot(), report);
            try {
                Files.write(work.resolve("stdout.txt"), result.stdoutLines());
                Files.write(work.resolve("stderr.txt"), result.stderrLines());
                Files.writeString(work.resolve("exit.txt"), (timedOut ? "TIMED OUT, killed; " : "") + exit + "\n");
            } catch (IOException e) {
                // diagnosis files only
            }
            return result;
        }
    }

    /** The captured lines of one stream, observable while the child runs. */

    /**
     * What a child did.
     *
     * @param exitCode the exit status ({@code Integer.MIN_VALUE} if it could not even be killed)
     * @param timedOut true when the safety-net timeout killed it
     * @param reportFile the report file, or null when the child was started without one
     */
    public record Result(Jdk jdk, List<String> command, Path workDir, long pid, int exitCode, boolean timedOut,
                         List<String> stdoutLines, List<String> stderrLines, Path reportFile) {

        public String stdout() {
            return String.join("\n", stdoutLines);
        }

        public String stderr() {
            return String.join("\n", stderrLines);
        }

        /** True when stdout has exactly this line. */
        public boolean printed(String line) {
            return stdoutLines.contains(line);
        }

        /** The stdout lines that start with {@code prefix}. */
        public List<String> stdoutStartingWith(String prefix) {
            return stdoutLines.stream().filter(l -> l.startsWith(prefix)).toList();
        }

        /** The stderr lines that start with {@code prefix}. */
        public List<String> stderrStartingWith(String prefix) {
            return stderrLines.stream().filter(l -> l.startsWith(prefix)).toList();
        }

        /** The parsed report; fails with everything captured if it is missing or malformed. */
        public Report report() {
            if (reportFile == null) {
                throw new IllegalStateException("this child was started without a report");
            }
            return Report.read(reportFile, pid, this::describe);
        }

        /** Everything about the run, for assertion messages. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append("---- child on ").append(jdk).append(", pid ").append(pid).append(", exit ")
                    .append(timedOut ? "TIMED OUT (killed), " : "").append(exitCode).append('\n');
            sb.append("command: ").append(String.join(" ", command)).append('\n');
            sb.append("work dir: ").append(workDir).append('\n');
            sb.append("---- stdout (").append(stdoutLines.size()).append(" lines)\n");
            appendCapped(sb, stdoutLines);
            sb.append("---- stderr (").append(stderrLines.size()).append(" lines)\n");
            appendCapped(sb, stderrLines);
            if (reportFile != null) {
                sb.append("---- report ").append(reportFile).append('\n');
                try {
                    appendCapped(sb, Files.exists(reportFile) ? Files.readAllLines(reportFile) : List.of("<<missing>>"));
                } catch (IOException e) {
                    sb.append("<<unreadable: ").append(e).append(">>\n");
                }
            }
            sb.append("----");
            return sb.toString();
        }

        private static void appendCapped(StringBuilder sb, List<String> lines) {
            int max = 120;
            if (lines.size() <= max) {
                lines.forEach(l -> sb.append(l).append('\n'));
            } else {
                lines.subList(0, max / 2).forEach(l -> sb.append(l).append('\n'));
                sb.append("... ").append(lines.size() - max).append(" lines left out ...\n");
                lines.subList(lines.size() - max / 2, lines.size()).forEach(l -> sb.append(l).append('\n'));
            }
        }
    }
}
