package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * A poolguard report (JSON Lines), read with a strict JSON parser (Jackson: duplicate keys and anything
 * after the object fail the line), never with the agent's own reader, so a report the agent writes wrong
 * cannot be read the same wrong way. Integers are {@code Long}, decimals {@code Double}.
 *
 * <p>Reading checks the part of the contract every event shares: each line is one JSON object with
 * {@code event} (string), {@code time} (ISO-8601) and {@code pid} (the child's pid). Field helpers fail
 * with the whole report and the child's output when a field is missing or has the wrong type.
 */
public final class Report {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private final Path file;
    private final List<Map<String, Object>> events;
    private final Supplier<String> context;

    private Report(Path file, List<Map<String, Object>> events, Supplier<String> context) {
        this.file = file;
        this.events = events;
        this.context = context;
    }

    /**
     * Reads and checks {@code file}.
     *
     * @param pid     the pid every event must carry
     * @param context describes the run, for failure messages
     */
    public static Report read(Path file, long pid, Supplier<String> context) {
        if (!Files.isRegularFile(file)) {
            fail("report " + file + " was not written\n" + context.get());
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read report " + file + "\n" + context.get(), e);
        }
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = "report " + file + " line " + (i + 1) + ": ";
            Map<String, Object> event;
            try {
                if (!line.startsWith("{")) {
                    throw new IllegalArgumentException("does not start with '{'");
                }
                event = STRICT.readValue(line, OBJECT);
            } catch (IOException | RuntimeException e) {
                throw new AssertionError(where + "not a JSON object (" + e.getMessage() + "): " + line
                        + "\n" + context.get(), e);
            }
            if (!(event.get("event") instanceof String)) {
                fail(where + "no string 'event': " + line + "\n" + context.get());
            }
            if (!(event.get("time") instanceof String time)) {
                fail(where + "no string 'time': " + line + "\n" + context.get());
                return null;
            }
            try {
                Instant.parse(time);
            } catch (DateTimeParseException e) {
                fail(where + "'time' is not ISO-8601: " + time + "\n" + context.get());
            }
            if (!(event.get("pid") instanceof Long eventPid) || eventPid != pid) {
                fail(where + "'pid' is not the child's pid " + pid + ": " + line + "\n" + context.get());
            }
            events.add(event);
        }
        return new Report(file, List.copyOf(events), context);
    }

    public Path file() {
        return file;
    }

    /** Every event, in file order. */
    public List<Map<String, Object>> all() {
        return events;
    }

    /** The event kinds in file order. */
    public List<String> kinds() {
        return events.stream().map(e -> (String) e.get("event")).toList();
    }

    /** The events of one kind, in file order. */
    public List<Map<String, Object>> events(String kind) {
        return events.stream().filter(e -> kind.equals(e.get("event"))).toList();
    }

    public boolean has(String kind) {
        return !events(kind).isEmpty();
    }

    /** The one event of this kind; fails when there is none or more than one. */
    public Map<String, Object> single(String kind) {
        List<Map<String, Object>> found = events(kind);
        if (found.size() != 1) {
            fail("expected exactly one '" + kind + "' event, found " + found.size() + "\n" + context.get());
        }
        return found.get(0);
    }

    /** Fails with the report and the child's output. */
    public AssertionError failure(String message) {
        return new AssertionError(message + "\n" + context.get());
    }

    /** The run's description (child output and report), for assertion messages. */
    public String context() {
        return context.get();
    }

    // ---- field helpers: each fails with the whole context when the field is missing or mistyped

    public String string(Map<String, Object> event, String key) {
        return typed(event, key, String.class);
    }

    public long number(Map<String, Object> event, String key) {
        Object value = field(event, key);
        if (value instanceof Long l) return l;
        throw failure("field '" + key + "' is not an integral number: " + value + " in " + event);
    }

    public Map<String, Object> object(Map<String, Object> event, String key) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = typed(event, key, Map.class);
        return map;
    }

    /** An array of objects. */
    public List<Map<String, Object>> objects(Map<String, Object> event, String key) {
        List<?> list = typed(event, key, List.class);
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map)) {
                throw failure("'" + key + "' has an element that is not an object: " + item + " in " + event);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) item;
            result.add(map);
        }
        return result;
    }

    /** An array of strings (a stack). */
    public List<String> strings(Map<String, Object> event, String key) {
        List<?> list = typed(event, key, List.class);
        List<String> result = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw failure("'" + key + "' has an element that is not a string: " + item + " in " + event);
            }
            result.add(s);
        }
        return result;
    }

    /** The value of a field that must be present (it may be JSON null). */
    public Object field(Map<String, Object> event, String key) {
        if (!event.containsKey(key)) {
            throw failure("event has no field '" + key + "': " + event);
        }
        return event.get(key);
    }

    private <T> T typed(Map<String, Object> event, String key, Class<T> type) {
        Object value = field(event, key);
        if (!type.isInstance(value)) {
            throw failure("field '" + key + "' is not a " + type.getSimpleName() + ": " + value + " in " + event);
        }
        return type.cast(value);
    }
}
