package dev.poolguard.agent.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader for poolguard's own reports (the {@code check} command and the tests).
 *
 * <p>Contract: {@link #parse(String)} returns {@code Map<String,Object>} (insertion-ordered, unmodifiable),
 * {@code List<Object>} (unmodifiable), {@code String}, {@code Long} (integral numbers that fit),
 * {@code Double} (other numbers), {@code Boolean} or {@code null}; any syntax error, including trailing
 * text, throws {@link JsonException} with the offending column. Written by hand because a report line
 * is a few hundred bytes of a known shape, and a JSON library would be one more thing to shade.
 */
public final class Json {
    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** Parses one complete JSON value. */
    public static Object parse(String text) {
        Json reader = new Json(text);
        reader.skipWhitespace();
        Object value = reader.readValue();
        reader.skipWhitespace();
        if (reader.pos != text.length()) {
            throw reader.error("unexpected text after the value");
        }
        return value;
    }

    /** Parses one JSON object, as a report line must be. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new JsonException("expected a JSON object, found " + describe(value), 1);
        }
        return (Map<String, Object>) value;
    }

    private static String describe(Object value) {
        if (value == null) return "null";
        if (value instanceof List) return "an array";
        if (value instanceof String) return "a string";
        if (value instanceof Boolean) return "a boolean";
        return "a number";
    }

    private Object readValue() {
        if (pos >= text.length()) throw error("unexpected end of input");
        char c = text.charAt(pos);
        switch (c) {
            case '{': return readObject();
            case '[': return readArray();
            case '"': return readString();
            case 't': expectWord("true"); return Boolean.TRUE;
            case 'f': expectWord("false"); return Boolean.FALSE;
            case 'n': expectWord("null"); return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return readNumber();
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> readObject() {
        pos++; // {
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') throw error("expected a field name");
            String key = readString();
            skipWhitespace();
            if (peek() != ':') throw error("expected ':'");
            pos++;
            skipWhitespace();
            map.put(key, readValue());
            skipWhitespace();
            char c = peek();
            if (c != '}' && c != ',') throw error("expected ',' or '}'");
            pos++;
            if (c == '}') return Collections.unmodifiableMap(map);
        }
    }

    private List<Object> readArray() {
        pos++; // [
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipWhitespace();
            list.add(readValue());
            skipWhitespace();
            char c = peek();
            if (c != ']' && c != ',') throw error("expected ',' or ']'");
            pos++;
            if (c == ']') return Collections.unmodifiableList(list);
        }
    }

    private String readString() {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw error("unterminated string");
            char c = text.charAt(pos);
            if (c < 0x20) throw error("control character in string");
            pos++;
            if (c == '"') return sb.toString();
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) throw error("unterminated escape");
            int escapeStart = pos - 1; // the backslash, where an error points
            char e = text.charAt(pos++);
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u':
                    int value = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = pos + i < text.length() ? Character.digit(text.charAt(pos + i), 16) : -1;
                        if (digit < 0) throw errorAt("bad \\u escape", pos);
                        value = value * 16 + digit;
                    }
                    sb.append((char) value);
                    pos += 4;
                    break;
                default: throw errorAt("bad escape '\\" + e + "'", escapeStart);
            }
        }
    }

    private Object readNumber() {
        int start = pos;
        if (peek() == '-') pos++;
        boolean integral = true;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c >= '0' && c <= '9') {
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                integral = false;
                pos++;
            } else {
                break;
            }
        }
        String number = text.substring(start, pos);
        try {
            if (integral) {
                try {
                    return Long.parseLong(number);
                } catch (NumberFormatException tooLong) {
                    return Double.parseDouble(number);
                }
            }
            return Double.parseDouble(number);
        } catch (NumberFormatException ex) {
            pos = start;
            throw error("bad number '" + number + "'");
        }
    }

    private void expectWord(String word) {
        if (!text.startsWith(word, pos)) throw error("unexpected character '" + text.charAt(pos) + "'");
        pos += word.length();
    }

    private char peek() {
        if (pos >= text.length()) throw error("unexpected end of input");
        return text.charAt(pos);
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private JsonException error(String what) {
        return errorAt(what, pos);
    }

    private static JsonException errorAt(String what, int index) {
        return new JsonException(what, index + 1);
    }
}
