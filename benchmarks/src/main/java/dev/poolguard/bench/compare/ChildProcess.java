package dev.poolguard.bench.compare;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the probes as child processes: one JVM each, plain or with {@code -javaagent}, timed from outside. */
final class ChildProcess {
    static final String PKG = "dev.poolguard.bench.";
    /** GNU time (Debian package {@code time}): the only portable way to a finished child's max RSS. */
    static final Path GNU_TIME = Path.of("/usr/bin/time");

    /** One finished child process: wall time, exit status, output, max RSS when asked, end time. */
    record Launch(double millis, int status, String stdout, String stderr, long endNanos, long maxRssKib) {
        /** From the child's {@code exit-at <nanoTime>} line to the process being gone. */
        double exitMillis() {
            for (String line : stdout.lines().toList()) {
                if (line.startsWith("exit-at ")) {
                    return (endNanos - Long.parseLong(line.substring(8).trim())) / 1e6;
                }
            }
            throw new IllegalStateException("no exit-at line in: " + stdout + stderr);
        }
    }

    private ChildProcess() {
    }

    /** {@code java [jvmArgs...] [agent] -cp cp dev.poolguard.bench.MAIN args...}. */
    static List<String> java(String java, List<String> jvmArgs, String agent, String cp, String main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmArgs);
        if (agent != null) {
            cmd.add(agent);
        }
        cmd.addAll(List.of("-cp", cp, PKG + main));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Launch launch(List<String> cmd) throws IOException, InterruptedException {
        return launch(cmd, false);
    }

    /** With {@code maxRss}, the command runs under GNU time, which writes the child's max RSS to a file. */
    static Launch launch(List<String> cmd, boolean maxRss) throws IOException, InterruptedException {
        File stdout = File.createTempFile("bench", ".out");
        File stderr = File.createTempFile("bench", ".err");
        File rss = File.createTempFile("bench", ".rss");
        try {
            List<String> command = cmd;
            if (maxRss) {
                command = new ArrayList<>(List.of(GNU_TIME.toString(), "-f", "%M", "-o", rss.toString()));
                command.addAll(cmd);
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(stdout)
                    .redirectError(stderr)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            long end = System.nanoTime();
            long kib = maxRss ? lastNumber(Files.readString(rss.toPath())) : -1;
            return new Launch((end - start) / 1e6, process.exitValue(),
                    Files.readString(stdout.toPath()), Files.readString(stderr.toPath()), end, kib);
        } finally {
            stdout.delete();
            stderr.delete();
            rss.delete();
        }
    }

    /** GNU time writes "Command exited with non-zero status N" before the figure when the child failed. */
    private static long lastNumber(String timeOutput) {
        List<String> lines = timeOutput.strip().lines().toList();
        return lines.isEmpty() ? -1 : Long.parseLong(lines.get(lines.size() - 1).strip());
    }

    /** The second line of {@code java -version}, e.g. "OpenJDK Runtime Environment (build 17.0.15+6...)". */
    static String javaVersion(String java) {
        try {
            List<String> lines = launch(List.of(java, "-version")).stderr().lines().toList();
            return lines.size() > 1 ? lines.get(1).strip() : String.join(" ", lines);
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }
}
