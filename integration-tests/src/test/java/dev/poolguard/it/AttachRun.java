package dev.poolguard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code java -jar poolguard-agent.jar attach ARGS} on a JDK and captures what it printed and its
 * exit status. The command is itself a short-lived JVM; 60 s is only a safety net.
 */
public record AttachRun(List<String> command, int exit, List<String> stdout, List<String> stderr) {

    public static AttachRun run(Jdk jdk, Object... args) {
        List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "-jar",
                Path.of(ChildJvm.requiredProperty("poolguard.agentJar")).toString(), "attach"));
        Arrays.stream(args).map(String::valueOf).forEach(command::add);
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().remove("JDK_JAVA_OPTIONS");
            builder.environment().remove("_JAVA_OPTIONS");
            Process process = builder.start();
            process.getOutputStream().close();
            ChildOutput out = ChildOutput.drain(process.getInputStream(), "attach-out");
            ChildOutput err = ChildOutput.drain(process.getErrorStream(), "attach-err");
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("attach did not end within 60 s: " + command);
            }
            out.awaitEnd(10_000);
            err.awaitEnd(10_000);
            return new AttachRun(command, process.exitValue(), out.snapshot(), err.snapshot());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Attaches until the answer is not "no deadlock", at most {@code tries} times. For a target that
     * printed that it is about to deadlock: its threads park a moment after that line, and no line can
     * be printed once they have. Each try is a real look (no sleep in between), and a look that finds
     * nothing while the deadlock forms is exactly what a user would see too.
     */
    public static AttachRun untilFound(Jdk jdk, int tries, Object... args) {
        AttachRun run = run(jdk, args);
        for (int i = 1; i < tries && run.exit() == 0; i++) {
            run = run(jdk, args);
        }
        return run;
    }

    /** What {@code check REPORT} said about a report {@code attach} wrote. */
    public record Check(int exit, String out) { }

    public static Check check(Jdk jdk, Path report) {
        try {
            Process process = new ProcessBuilder(jdk.java().toString(), "-jar",
                    ChildJvm.requiredProperty("poolguard.agentJar"), "check", report.toString())
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("check did not end");
            }
            return new Check(process.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public String out() {
        return String.join("\n", stdout);
    }

    public String describe() {
        return "---- " + String.join(" ", command) + "\nexit " + exit + "\n---- stdout\n" + out()
                + "\n---- stderr\n" + String.join("\n", stderr) + "\n----";
    }
}
