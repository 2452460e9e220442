package dev.poolguard.agent.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    // ---- reader ----------------------------------------------------------------------------------

    static Stream<Arguments> scalars() {
        return Stream.of(
                Arguments.of("0", 0L),
                Arguments.of("-0", 0L),
                Arguments.of("42", 42L),
                Arguments.of("-7", -7L),
                Arguments.of("9223372036854775807", Long.MAX_VALUE),
                Arguments.of("-9223372036854775808", Long.MIN_VALUE),
                Arguments.of("9223372036854775808", 9.223372036854775808E18),
                Arguments.of("1.5", 1.5),
                Arguments.of("-0.25", -0.25),
                Arguments.of("1e3", 1000.0),
                Arguments.of("1E-2", 0.01),
                Arguments.of("2.5e+2", 250.0),
                Arguments.of("true", Boolean.TRUE),
                Arguments.of("false", Boolean.FALSE),
                Arguments.of("\"\"", ""),
                Arguments.of("\"plain\"", "plain"),
                Arguments.of("\"q\\\"b\\\\s\\/\"", "q\"b\\s/"),
                Arguments.of("\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t"),
                Arguments.of("\"\\u0041\\u00e9\\u20AC\"", "A\u00e9\u20ac"),
                Arguments.of("\"\\ud83d\\ude00\"", "\ud83d\ude00"),
                Arguments.of("\"caf\u00e9 \ud83d\ude00 \u4e2d\"", "caf\u00e9 \ud83d\ude00 \u4e2d"),
                Arguments.of("  \t\r\n 7 \n", 7L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scalars")
    void readsScalarsWithTheirJavaTypes(String json, Object expected) {
        Object value = Json.parse(json);
        assertEquals(expected, value);
        assertEquals(expected.getClass(), value.getClass(), "Long for integers that fit, Double otherwise");
    }

    @Test
    void readsNull() {
        assertNull(Json.parse("null"));
        assertNull(Json.parse(" null "));
    }

    @Test
    void readsNestedStructuresInOrder() {
        Map<String, Object> map = Json.parseObject(
                "{ \"z\" : [1, 2.0, {\"a\": null}], \"a\": {}, \"m\": [], \"b\": true }");
        assertEquals(List.of("z", "a", "m", "b"), List.copyOf(map.keySet()), "insertion order kept");
        List<?> z = assertInstanceOf(List.class, map.get("z"));
        assertEquals(1L, z.get(0));
        assertEquals(2.0, z.get(1));
        Map<?, ?> inner = assertInstanceOf(Map.class, z.get(2));
        assertTrue(inner.containsKey("a"));
        assertNull(inner.get("a"));
        assertEquals(Map.of(), map.get("a"));
        assertEquals(List.of(), map.get("m"));
        assertEquals(Boolean.TRUE, map.get("b"));
    }

    @Test
    void resultsAreUnmodifiable() {
        Map<String, Object> map = Json.parseObject("{\"l\":[1]}");
        assertThrows(UnsupportedOperationException.class, () -> map.put("x", 1L));
        List<?> list = (List<?>) map.get("l");
        assertThrows(UnsupportedOperationException.class, () -> list.remove(0));
    }

    /**
     * Errors name the 1-based column of what is wrong. For a single bad character the column is that
     * character's; where the error is "the input ended", the column is one past the end.
     */
    @ParameterizedTest(name = "[{index}] {0} -> column {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`{\"a\":1`          | 7 | end of input",
            "`{\"a\":`           | 6 | end of input",
            "`{`                 | 2 | end of input",
            "`[1,2`              | 5 | end of input",
            "`\"abc`             | 5 | unterminated string",
            "`\"\\u12\"`         | 4 | \\u escape",
            "`\"\\u12G4\"`       | 4 | \\u escape",
            "`{} x`              | 4 | after the value",
            "`[1] ]`             | 5 | after the value",
            "`1 2`               | 3 | after the value",
            "`{\"a\":1}}`        | 8 | after the value",
            "`hello`             | 1 | 'h'",
            "`[tru]`             | 2 | 't'",
            "`{\"a\": nul}`      | 7 | 'n'",
            "`{\"a\": False}`    | 7 | 'F'",
            "`{\"a\": undefined}`| 7 | 'u'",
            "`[1,]`              | 4 | ']'",
            "`{a:1}`             | 2 | field name",
            "`{,}`               | 2 | field name",
            "`{\"a\" 1}`         | 6 | ':'",
            "``                  | 1 | end of input",
            "`'x'`               | 1 | '''",
            "`-`                 | 1 | bad number",
            "`.5`                | 1 | '.'",
    })
    void errorsNameTheColumn(String json, int column, String what) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(json));
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
        assertTrue(e.getMessage().endsWith("at column " + column), e.getMessage());
    }

    /** A bad escape is reported at the backslash or at the bad letter, not past it. */
    @Test
    void aBadEscapeIsReportedWhereItIs() {
        String json = "{\"k\":\"a\\x\"}"; // {"k":"a\x"}  backslash at column 8, 'x' at column 9
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(json));
        assertTrue(e.getMessage().contains("bad escape"), e.getMessage());
        assertTrue(e.column() == 8 || e.column() == 9, "column " + e.column() + " should point at \\x: " + e.getMessage());
    }

    /** A raw control character inside a string is an error at that character's column. */
    @Test
    void aRawControlCharacterIsReportedWhereItIs() {
        String json = "[\"a\nb\"]"; // the newline is at column 4
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(json));
        assertTrue(e.getMessage().contains("control character"), e.getMessage());
        assertEquals(4, e.column(), e.getMessage());
    }

    /** A missing separator is reported at the character that should have been ',' or the closer. */
    @ParameterizedTest(name = "{0} -> column {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`[1 2]`        | 4",
            "`{\"a\":1 x}`  | 8",
            "`{\"a\":1;\"b\":2}` | 7",
    })
    void aMissingSeparatorIsReportedWhereItIs(String json, int column) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(json));
        assertTrue(e.getMessage().contains("expected ','"), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
    }

    /** A strict reader: a \\u escape is exactly four hex digits, no sign. */
    @ParameterizedTest
    @ValueSource(strings = {"\"\\u-fff\"", "\"\\u+fff\"", "\"\\u 123\""})
    void aSignedUnicodeEscapeIsRejected(String json) {
        assertThrows(JsonException.class, () -> Json.parse(json), () -> "accepted " + json + " as "
                + escapeForMessage(String.valueOf(safeParse(json))));
    }

    @Test
    void parseObjectRejectsOtherValues() {
        for (String json : List.of("[]", "1", "\"s\"", "null", "true")) {
            JsonException e = assertThrows(JsonException.class, () -> Json.parseObject(json));
            assertTrue(e.getMessage().startsWith("expected a JSON object"), e.getMessage());
        }
    }

    // ---- writer ----------------------------------------------------------------------------------

    @Test
    void writesCompactJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("s", "x");
        map.put("i", 3);
        map.put("l", 4L);
        map.put("d", 1.5);
        map.put("t", true);
        map.put("n", null);
        map.put("list", List.of(1L, "two"));
        map.put("empty", Map.of());
        assertEquals("{\"s\":\"x\",\"i\":3,\"l\":4,\"d\":1.5,\"t\":true,\"n\":null,\"list\":[1,\"two\"],\"empty\":{}}",
                JsonWriter.write(map));
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteNumbersBecomeNull(double value) {
        assertEquals("[null]", JsonWriter.write(List.of(value)));
    }

    @Test
    void otherObjectsAreWrittenAsTheirText() {
        Object odd = new Object() {
            @Override
            public String toString() {
                return "odd \"one\"\n";
            }
        };
        assertEquals("odd \"one\"\n", Json.parse(JsonWriter.write(odd)));
        assertEquals("{\"7\":\"k\"}", JsonWriter.write(Map.of(7, "k")), "keys are written as strings");
    }

    static Stream<String> nastyStrings() {
        return Stream.of("", "plain", "with \"quotes\"", "back\\slash\\", "C:\\temp\\new", "line\nbreak",
                "cr\rlf\r\n", "tab\there", "\b\f\u0000\u0001\u001f\u007f", "\u2028\u2029",
                "caf\u00e9 \u4e2d\u6587 \ud83d\ude00", "\\u0041 is not A", "</script>", "trailing backslash \\");
    }

    @ParameterizedTest
    @MethodSource("nastyStrings")
    void stringsRoundTripOnOneLine(String text) {
        String written = JsonWriter.write(text);
        assertOneLine(written);
        assertEquals(text, Json.parse(written));
    }

    @Test
    void everyCharacterRoundTripsAndNoneBreaksTheLine() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            if (!Character.isSurrogate(c)) {
                all.append(c);
            }
        }
        all.append("\ud83d\ude00\ud800\udc00"); // valid pairs
        String text = all.toString();
        String written = JsonWriter.write(Map.of("k\n" + text, List.of(text)));
        assertOneLine(written);
        Map<String, Object> read = Json.parseObject(written);
        assertEquals(List.of(text), read.get("k\n" + text));
    }

    @Test
    void nestedStructuresRoundTrip() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("thread", "pool-1-thread-1 \"main\"\n");
        inner.put("stack", List.of("a.B.c(B.java:1)", "java.lang.Thread.run(Native Method)"));
        inner.put("task", null);
        inner.put("timed", false);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", "deadlock");
        event.put("pid", 123456789012L);
        event.put("ratio", 0.125);
        event.put("big", -1.0E300);
        event.put("threads", List.of(inner, List.of(), List.of(List.of(1L, 2L), Map.of())));
        event.put("unicode \u00e9\u20ac\ud83d\ude00", "\u0007bell");

        String written = JsonWriter.write(event);
        assertOneLine(written);
        Map<String, Object> read = Json.parseObject(written);
        assertEquals(event, read);
        assertEquals(List.copyOf(event.keySet()), List.copyOf(read.keySet()));
        assertInstanceOf(Long.class, read.get("pid"));
        assertInstanceOf(Double.class, read.get("ratio"));
        assertEquals(written, JsonWriter.write(read), "writing what was read gives the same line");
    }

    @Test
    void integersAndDoublesKeepTheirKind() {
        List<Object> numbers = Arrays.asList(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 0.0, -2.5, 1.0E-10, 6.02E23,
                Double.MAX_VALUE, Double.MIN_VALUE);
        List<Object> read = new ArrayList<>((List<?>) Json.parse(JsonWriter.write(numbers)));
        assertEquals(numbers, read);
        assertEquals(3L, Json.parse(JsonWriter.write(3)), "an Integer reads back as a Long");
    }

    private static void assertOneLine(String written) {
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            assertFalse(c < 0x20 || c == '\u2028' || c == '\u2029',
                    "raw line-breaking or control character U+" + Integer.toHexString(c) + " at " + i);
        }
    }

    private static Object safeParse(String json) {
        try {
            return Json.parse(json);
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static String escapeForMessage(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
