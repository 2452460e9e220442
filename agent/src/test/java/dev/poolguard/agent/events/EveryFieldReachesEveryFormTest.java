package dev.poolguard.agent.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.agent.check.CheckCommand;
import dev.poolguard.agent.jfr.JfrEvents;
import dev.poolguard.agent.json.JsonWriter;
import dev.poolguard.agent.report.EventJson;
import dev.poolguard.agent.report.LogText;
import dev.poolguard.bootstrap.waits.DeadlockReport;
import dev.poolguard.bootstrap.waits.RiskReport;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary;
import dev.poolguard.bootstrap.stalls.StallReport;

/**
 * Each field of each report event, defined once in its schema, reaches all four forms: the JSON report,
 * the JFR event, the log's words and {@code check}'s reading. And every field the contract names is in
 * the schema. Sample values are unique per field ({@link Samples}), so each is looked for by its words.
 */
class EveryFieldReachesEveryFormTest {
    @TempDir
    Path dir;

    static Stream<EventSchema<?>> events() {
        return ReportEvents.ALL.stream();
    }

    static Stream<EventSchema<?>> eventsWithJfr() {
        return events().filter(schema -> schema.jfrName() != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    <R> void everyFieldIsInTheJsonEvent(EventSchema<R> schema) {
        @SuppressWarnings("unchecked")
        R sample = (R) Samples.of(schema);
        String json = JsonWriter.write(EventJson.of(schema, sample, "t", 1));
        for (String words : wordsOf(schema, sample, false)) {
            assertTrue(json.contains(words), () -> words + " missing from " + json);
        }
        for (Field<R> field : schema.fields()) {
            assertTrue(json.contains("\"" + field.name() + "\":"), () -> field + " missing from " + json);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventsWithJfr")
    <R> void everyFieldIsInTheJfrEvent(EventSchema<R> schema) throws Exception {
        @SuppressWarnings("unchecked")
        R sample = (R) Samples.of(schema);
        RecordedEvent event = record(schema, sample);
        String all = event.getFields().stream().map(f -> String.valueOf((Object) event.getValue(f.getName())))
                .collect(Collectors.joining("\n"));
        for (Field<R> field : schema.fields()) {
            assertTrue(event.hasField(field.name()), () -> field + " is not a field of " + schema.jfrName());
        }
        for (String words : wordsOf(schema, sample, true)) {
            assertTrue(all.contains(words), () -> words + " missing from " + schema.jfrName() + ":\n" + all);
        }
    }

    /** What the log says after an event's headline, and the headline itself, hold every field's words. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("eventsWithJfr")
    <R> void everyFieldIsInTheLog(EventSchema<R> schema) {
        @SuppressWarnings("unchecked")
        R sample = (R) Samples.of(schema);
        String text = logText(sample);
        if (text == null) {
            return; // shutdown-start: the log says how the shutdown ended, in one summary (docs/contract.md "Logging")
        }
        for (String words : wordsOf(schema, sample, true)) {
            assertTrue(text.contains(words), () -> words + " missing from the log:\n" + text);
        }
    }

    @Test
    void flagsChangeTheLog() {
        DeadlockReport timed = (DeadlockReport) Samples.of(WaitEvents.DEADLOCK);
        assertNotEquals(LogText.deadlock(timed, 8), LogText.deadlock(new DeadlockReport(timed.kind(), false,
                timed.threads(), timed.pools()), 8));
        ShutdownSummary expired = (ShutdownSummary) Samples.of(ShutdownEvents.END);
        assertNotEquals(LogText.shutdownEnded(expired, 8), LogText.shutdownEnded(new ShutdownSummary(
                expired.drainMillis(), false, expired.spawnsBlocked(), expired.rejected(), expired.inFlight(),
                expired.queuedNeverRun(), expired.scheduledNotDue()), 8));
    }

    /** {@code check} reads every field: an event without any one of them is noted as telling less. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    <R> void checkReadsEveryField(EventSchema<R> schema) throws Exception {
        @SuppressWarnings("unchecked")
        R sample = (R) Samples.of(schema);
        assertEquals("", notes(EventJson.of(schema, sample, "t", 1)), "a whole event is read without a note");
        for (Field<R> field : schema.fields()) {
            Map<String, Object> event = EventJson.of(schema, sample, "t", 1);
            event.remove(field.name());
            assertTrue(notes(event).contains(field.name() + " (missing)"), () -> field + ": " + notes(event));
            if (field.type() == Field.Type.ITEMS) {
                for (Field<?> inner : field.items().fields()) {
                    Map<String, Object> nested = EventJson.of(schema, sample, "t", 1);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> first = ((List<Map<String, Object>>) nested.get(field.name())).get(0);
                    first.remove(inner.name());
                    assertTrue(notes(nested).contains(field.name() + "[0]." + inner.name() + " (missing)"),
                            () -> inner + ": " + notes(nested));
                }
            }
        }
    }

    /** The fields docs/contract.md names for each event ("Report events") are all in its schema. */
    @Test
    void everyFieldOfTheContractIsInTheSchema() throws Exception {
        Map<String, List<String>> contract = ContractFields.read(Path.of("..", "docs", "contract.md"));
        assertTrue(contract.keySet().containsAll(List.of("agent-start", "deadlock", "risk", "stall", "shutdown-start",
                "spawn-blocked", "shutdown-end")), contract::toString);
        contract.forEach((event, names) -> {
            EventSchema<?> schema = ReportEvents.named(event);
            assertNotNull(schema, () -> "the contract's " + event + " has no schema");
            List<String> known = new ArrayList<>();
            collect(schema, known);
            for (String name : names) {
                assertTrue(known.contains(name), () -> "the contract's " + event + "." + name + " is not in its schema "
                        + known);
            }
        });
    }

    private static void collect(EventSchema<?> shape, List<String> names) {
        for (Field<?> field : shape.fields()) {
            names.add(field.name());
            if (field.items() != null) {
                collect(field.items(), names);
            }
        }
    }

    private static String logText(Object sample) {
        if (sample instanceof DeadlockReport deadlock) {
            return LogText.deadlock(deadlock, 8);
        } else if (sample instanceof RiskReport risk) {
            return LogText.risk(risk, 8);
        } else if (sample instanceof StallReport stall) {
            return LogText.stall(stall, 8);
        } else if (sample instanceof ShutdownEvents.SpawnBlocked blocked) {
            return LogText.spawnBlocked(blocked, false, 8);
        } else if (sample instanceof ShutdownSummary summary) {
            return LogText.shutdownEnded(summary, 8);
        }
        return null;
    }

    /**
     * Each field's value as the forms write it: its words (in people's forms, {@code human}) or its
     * report value, a stack's frames, and the same for every item of an array. Flags are left out (a
     * flag's words are the headline's: {@link #flagsChangeTheLog}).
     */
    private static <R> List<String> wordsOf(EventSchema<R> shape, R record, boolean human) {
        List<String> words = new ArrayList<>();
        for (Field<R> field : shape.fields()) {
            Object value = field.valueOf(record);
            switch (field.type()) {
                case FLAG:
                    break;
                case STACK:
                    for (StackTraceElement frame : (StackTraceElement[]) value) {
                        words.add(frame.getClassName() + "." + frame.getMethodName());
                    }
                    break;
                case ITEMS:
                    for (Object item : (List<?>) value) {
                        words.addAll(itemWords(field.items(), item, human));
                    }
                    break;
                case OBJECT:
                    ((Map<?, ?>) value).values().forEach(v -> words.add(String.valueOf(v)));
                    break;
                case TEXTS:
                    ((List<?>) value).forEach(v -> words.add(String.valueOf(v)));
                    break;
                default:
                    String said = human ? field.wordsOf(record) : value == null ? null : String.valueOf(value);
                    if (said != null) {
                        words.add(said);
                    }
            }
        }
        return words;
    }

    @SuppressWarnings("unchecked")
    private static <I> List<String> itemWords(EventSchema<I> shape, Object item, boolean human) {
        return wordsOf(shape, (I) item, human);
    }

    private <R> RecordedEvent record(EventSchema<R> schema, R sample) throws Exception {
        Path file = dir.resolve("events.jfr");
        try (Recording recording = new Recording(Configuration.getConfiguration("default"))) {
            recording.start();
            JfrEvents.emit(schema, sample);
            recording.stop();
            recording.dump(file);
        }
        Map<String, RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .collect(Collectors.toMap(e -> e.getEventType().getName(), Function.identity(), (a, b) -> a));
        RecordedEvent event = events.get(schema.jfrName());
        assertNotNull(event, () -> schema.jfrName() + " not recorded: " + events.keySet());
        return event;
    }

    /** {@code check}'s notes about one report holding {@code event}. */
    private String notes(Map<String, Object> event) {
        try {
            Path report = Files.writeString(dir.resolve("r.jsonl"), JsonWriter.write(event) + "\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CheckCommand.run(List.of("--", report.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("tells less than it should"))
                    .collect(Collectors.joining("\n"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
