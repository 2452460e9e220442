package dev.poolguard.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.ChildJvm;
import dev.poolguard.it.Jdk;
import dev.poolguard.it.Report;

/**
 * Issue #5 part 5: a report stays parseable after kill -9 at any moment. Children that write events as
 * fast as poolguard can ({@link EventStorm}: risks and SELF_WAIT deadlocks with full stacks, from three
 * threads at once) are killed at several moments: while the JVM and the agent start, during the storm,
 * and during the shutdown drain while refused spawns are being reported. Every report that exists must
 * consist of complete JSON lines only (the shared {@link Report} reader checks every line), starting with
 * agent-start.
 */
class KillAnyMomentIT {

    /** How a child is killed: started in a mode, killed at a moment described by a function. */
    record Kill(String name, String mode, BiFunction<ChildJvm.Running, Path, Boolean> waitThenKill,
                boolean eventsExpected) {}

    static List<Kill> kills() {
        return List.of(
                new Kill("50ms-after-start", "", (running, report) -> sleepThenKill(running, 50), false),
                new Kill("report-created", "", (running, report) -> {
                    awaitFile(running, report); // the agent is starting: options read, report opened
                    return sleepThenKill(running, 0);
                }, false),
                new Kill("report-created+40ms", "", (running, report) -> {
                    awaitFile(running, report); // likely inside the installation
                    return sleepThenKill(running, 40);
                }, false),
                new Kill("storm+20ms", "", (running, report) -> {
                    awaitEvents(running, report, 3); // the storm's events are being written
                    return sleepThenKill(running, 20);
                }, true),
                new Kill("storm+500ms", "", (running, report) -> {
                    awaitEvents(running, report, 3);
                    return sleepThenKill(running, 500);
                }, true),
                new Kill("drain+150ms", "exit", (running, report) -> {
                    running.awaitLine("HOOK RAN");
                    return sleepThenKill(running, 150);
                }, true));
    }

    private static void awaitFile(ChildJvm.Running running, Path file) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(file) && running.alive() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    /** Waits until the report has {@code lines} lines (agent-start and then the storm's events). */
    private static void awaitEvents(ChildJvm.Running running, Path file, int lines) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (running.alive() && System.nanoTime() < deadline) {
            try {
                if (Files.exists(file) && Files.readAllLines(file).size() >= lines) return;
                Thread.sleep(5);
            } catch (IOException | java.io.UncheckedIOException e) {
                // a line being written is not valid UTF-8 yet: look again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean sleepThenKill(ChildJvm.Running running, long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.kill9();
        return true;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void reportParsesAfterKill9AtAnyMoment(Jdk jdk) throws IOException {
        List<Kill> kills = kills();
        List<CompletableFuture<Object[]>> runs = new ArrayList<>();
        // two at a time: each child mostly waits for its moment
        for (int batch = 0; batch < kills.size(); batch += 2) {
            List<CompletableFuture<Object[]>> wave = new ArrayList<>();
            for (Kill kill : kills.subList(batch, Math.min(batch + 2, kills.size()))) {
                ChildJvm child = ChildJvm.on(jdk).noAgent().label("kill-" + kill.name());
                Path report = child.logDir().resolve("report.jsonl");
                child.agentFlag("report=" + report + ",grace=30s").report(report)
                        .main(EventStorm.class, kill.mode().isEmpty() ? new String[0] : new String[] {kill.mode()});
                wave.add(CompletableFuture.supplyAsync(() -> {
                    ChildJvm.Running running = child.start();
                    kill.waitThenKill().apply(running, report);
                    return new Object[] {kill, running.await()};
                }));
            }
            wave.forEach(CompletableFuture::join);
            runs.addAll(wave);
        }
        StringBuilder summary = new StringBuilder();
        for (CompletableFuture<Object[]> run : runs) {
            Kill kill = (Kill) run.join()[0];
            ChildJvm.Result r = (ChildJvm.Result) run.join()[1];
            assertEquals(137, r.exitCode(), () -> kill.name() + ": expected death by SIGKILL\n" + r.describe());
            if (!Files.exists(r.reportFile())) {
                assertTrue(!kill.eventsExpected(), () -> kill.name() + ": no report\n" + r.describe());
                summary.append(kill.name()).append(": killed before the agent opened its report\n");
                continue;
            }
            byte[] bytes = Files.readAllBytes(r.reportFile());
            Report report = r.report(); // every line a complete JSON event with event/time/pid
            List<String> kinds = report.kinds();
            if (!kinds.isEmpty()) {
                assertEquals("agent-start", kinds.get(0), report::context);
                assertEquals('\n', (char) bytes[bytes.length - 1], () -> kill.name() + ": last line incomplete\n" + report.context());
            }
            if (kill.eventsExpected()) {
                assertTrue(report.has("risk") || report.has("deadlock") || report.has("spawn-blocked"),
                        () -> kill.name() + ": expected events written before the kill\n" + report.context());
            }
            summary.append(kill.name()).append(": ").append(kinds.size()).append(" events, ")
                    .append(bytes.length).append(" bytes, last ").append(kinds.isEmpty() ? "-" : kinds.get(kinds.size() - 1))
                    .append('\n');
        }
        System.out.println("KillAnyMomentIT on " + jdk + ":\n" + summary);
    }
}
