package dev.poolguard.agent.check;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.poolguard.agent.json.Json;
import dev.poolguard.agent.json.JsonException;

/**
 * Reads one JSON Lines report. Strict about what makes a report unreadable (the file, a line that is
 * not JSON, a line that is no event), lenient about the rest: event kinds and fields it does not know
 * are kept as they are, since the contract lets later versions add them.
 */
final class ReportReader {
    private ReportReader() {
    }

    /** One event and the line it came from (1-based). */
    record Line(int number, Map<String, Object> event) {
        String kind() {
            return (String) event.get("event");
        }
    }

    /** A report as read: its events, or what made it unreadable. */
    record Result(String name, List<Line> lines, List<String> problems) {
    }

    /**
     * Reads {@code path}, shown to the user as {@code name}. Every unreadable line is a problem, each
     * named {@code name:line: why}; the lines that could be read are kept all the same.
     */
    static Result read(Path path, String name) {
        List<Line> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            problems.add(name + ": cannot read: no such file");
            return new Result(name, lines, problems);
        } catch (AccessDeniedException e) {
            problems.add(name + ": cannot read: permission denied");
            return new Result(name, lines, problems);
        } catch (IOException e) {
            problems.add(name + ": cannot read: " + describe(e));
            return new Result(name, lines, problems);
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = 0;
        int number = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            number++;
            int length = end - start;
            if (length > 0 && bytes[end - 1] == '\r') {
                length--;
            }
            String text = null;
            try {
                text = utf8.reset().decode(ByteBuffer.wrap(bytes, start, length)).toString();
            } catch (CharacterCodingException e) {
                problems.add(name + ":" + number + ": not UTF-8 text");
            }
            if (text != null && !text.isBlank()) {
                parse(text, name, number, lines, problems);
            }
            start = end + 1;
        }
        return new Result(name, lines, problems);
    }

    private static void parse(String text, String name, int number, List<Line> lines, List<String> problems) {
        Object value;
        try {
            value = Json.parse(text);
        } catch (JsonException e) {
            problems.add(name + ":" + number + ": not JSON: " + e.getMessage());
            return;
        }
        if (!(value instanceof Map)) {
            problems.add(name + ":" + number + ": not a report event: a JSON value that is not an object");
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> event = (Map<String, Object>) value;
        if (!(event.get("event") instanceof String)) {
            problems.add(name + ":" + number + ": not a report event: it has no \"event\" field naming its kind");
            return;
        }
        lines.add(new Line(number, event));
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }
}
