package dev.poolguard.it.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.poolguard.it.ChildJvm;
import dev.poolguard.it.ChildOutput;
import dev.poolguard.it.Jdk;

/**
 * A child JVM whose whole command line the test decides: the reliability tests need what the shared
 * {@link ChildJvm} does not offer (its own class path with third-party jars, two agents in a chosen
 * order, a working directory that must stay empty, environment control). Finishes into the shared
 * {@link ChildJvm.Result}, so {@code Checks} and {@code Report} work on it unchanged.
 *
 * <p>Nothing is written into the working directory by this class: the command line, stdout and stderr are
 * kept under {@code target/it-work/<label>.../} (the "log directory"), which is the working directory
 * only when the test does not give one.
 */
final class Child {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Jdk jdk;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> classPath = new ArrayList<>();
    private String mainClass;
    private final List<String> args = new ArrayList<>();
    private Path workDir;
    private Path report;
    private Duration timeout = Duration.ofSeconds(60);
    private String label = "child";
    private Path logDir;

    private Child(Jdk jdk) {
        this.jdk = jdk;
    }

    static Child on(Jdk jdk) {
        return new Child(jdk);
    }

    /** {@code -javaagent:<poolguard jar>[=options]} at this point of the command line. */
    Child poolguard(String options) {
        return jvm("-javaagent:" + Libs.agentJar() + (options == null || options.isEmpty() ? "" : "=" + options));
    }

    /** Any JVM argument, in order. */
    Child jvm(String... flags) {
        jvmArgs.addAll(Arrays.asList(flags));
        return this;
    }

    /** Class path entries (the test classes are always first). */
    Child classPath(List<Path> entries) {
        entries.forEach(p -> classPath.add(p.toString()));
        return this;
    }

    Child main(Class<?> program, String... programArgs) {
        this.mainClass = program.getName();
        this.args.clear();
        this.args.addAll(Arrays.asList(programArgs));
        return this;
    }

    /** The working directory; by default the log directory. */
    Child workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    /** The report the test will read (the test puts the matching report= option itself). */
    Child report(Path file) {
        this.report = file;
        return this;
    }

    Child timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    Child label(String label) {
        this.label = label.replaceAll("[^A-Za-z0-9._-]", "_");
        return this;
    }

    /** A fresh directory under target/it-work for this child's files (also usable for its report). */
    Path logDir() {
        if (logDir == null) {
            logDir = Libs.itWork().resolve("rel-" + label + "-jdk" + jdk.feature() + "-"
                    + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet());
            try {
                Files.createDirectories(logDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return logDir;
    }

    ChildJvm.Result run() {
        return start().await();
    }

    Running start() {
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        List<String> cp = new ArrayList<>();
        cp.add(Libs.testClasses().toString());
        cp.addAll(classPath);
        command.add(String.join(java.io.File.pathSeparator, cp));
        command.add(mainClass);
        command.addAll(args);
        Path logs = logDir();
        Path dir = workDir != null ? workDir : logs;
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        env.remove("_JAVA_OPTIONS");
        try {
            Files.writeString(logs.resolve("command.txt"), String.join(" ", command) + "\n");
            Process process = builder.start();
            process.getOutputStream().close();
            return new Running(this, process, command, logs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** A started child. */
    static final class Running {
        private final Child spec;
        private final Process process;
        private final List<String> command;
        private final Path logs;
        private final ChildOutput stdout;
        private final ChildOutput stderr;
        private final long deadline;
        private String threadDump;

        private Running(Child spec, Process process, List<String> command, Path logs) {
            this.spec = spec;
            this.process = process;
            this.command = command;
            this.logs = logs;
            this.deadline = System.nanoTime() + spec.timeout.toNanos();
            this.stdout = ChildOutput.drain(process.getInputStream(), "rel-child-" + process.pid() + "-out");
            this.stderr = ChildOutput.drain(process.getErrorStream(), "rel-child-" + process.pid() + "-err");
        }


        long pid() {
            return process.pid();
        }

        boolean alive() {
            return process.isAlive();
        }

        /** Waits for a stdout line that matches; returns it. Fails (killing the child) if none comes. */
        String awaitLine(Predicate<String> wanted, String what) {
            String line = stdout.await(wanted, deadline);
            if (line == null) {
                boolean wasAlive = process.isAlive();
                if (wasAlive) {
                    dumpThreads();
                    process.toHandle().destroyForcibly();
                }
                ChildJvm.Result r = await();
                throw new AssertionError("child never printed " + what + " ("
                        + (wasAlive ? "timed out, killed" : "it ended first") + ")\n" + describe(r));
            }
            return line;
        }

        Running awaitLine(String exact) {
            awaitLine(exact::equals, "'" + exact + "'");
            return this;
        }

        /** Every stdout line so far. */
        List<String> stdoutSoFar() {
            return stdout.snapshot();
        }

        Running sigterm() {
            if (!process.toHandle().destroy()) {
                throw new AssertionError("could not send SIGTERM to " + process.pid());
            }
            return this;
        }

        Running kill9() {
            process.toHandle().destroyForcibly();
            return this;
        }

        /** A thread dump through jcmd, kept for the failure message (best effort). */
        void dumpThreads() {
            try {
                Path jcmd = spec.jdk.home().resolve("bin").resolve("jcmd");
                Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                        .redirectErrorStream(true).start();
                byte[] out = p.getInputStream().readAllBytes();
                p.waitFor(20, TimeUnit.SECONDS);
                threadDump = new String(out, StandardCharsets.UTF_8);
                Files.writeString(logs.resolve("threads.txt"), threadDump);
            } catch (IOException | RuntimeException e) {
                threadDump = "<<jcmd failed: " + e + ">>";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String threadDump() {
            return threadDump;
        }

        ChildJvm.Result await() {
            boolean timedOut = false;
            try {
                long left = deadline - System.nanoTime();
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
            ChildJvm.Result result = new ChildJvm.Result(spec.jdk, command, logs, process.pid(), exit, timedOut,
                    stdout.snapshot(), stderr.snapshot(), spec.report);
            try {
                Files.write(logs.resolve("stdout.txt"), result.stdoutLines());
                Files.write(logs.resolve("stderr.txt"), result.stderrLines());
                Files.writeString(logs.resolve("exit.txt"), (timedOut ? "TIMED OUT, killed; " : "") + exit + "\n");
            } catch (IOException e) {
                // diagnosis files only
            }
            return result;
        }

        /** The result's description plus the thread dump taken when it hung, if any. */
        String describe(ChildJvm.Result r) {
            return r.describe() + (threadDump == null ? "" : "\n---- thread dump at the timeout\n" + threadDump);
        }
    }

}
