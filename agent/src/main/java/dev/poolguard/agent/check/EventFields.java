package dev.poolguard.agent.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.poolguard.agent.events.EventSchema;
import dev.poolguard.agent.events.Field;
import dev.poolguard.agent.events.ReportEvents;

/**
 * A report event read back against its schema ({@code dev.poolguard.agent.events}): which of the fields
 * this version writes it lacks, or holds as the wrong kind of JSON value. A report from another version,
 * or a damaged one, is then said to tell less than it should, rather than read as if it were whole.
 */
final class EventFields {
    private EventFields() {
    }

    /** Fields of {@code event} that are missing or of the wrong type, as {@code threads[0].stack}; empty when whole. */
    static List<String> wrong(Map<String, Object> event) {
        EventSchema<?> schema = ReportEvents.named(String.valueOf(event.get("event")));
        List<String> wrong = new ArrayList<>();
        if (schema != null) {
            check(schema, event, "", wrong);
        }
        return wrong;
    }

    private static void check(EventSchema<?> shape, Map<?, ?> object, String path, List<String> wrong) {
        for (Field<?> field : shape.fields()) {
            String name = path + field.name();
            if (!object.containsKey(field.name())) {
                wrong.add(name + " (missing)");
                continue;
            }
            Object value = object.get(field.name());
            if (!fits(field.type(), value)) {
                wrong.add(name + " (not " + expected(field.type()) + ")");
            } else if (field.type() == Field.Type.ITEMS) {
                List<?> items = (List<?>) value;
                for (int i = 0; i < items.size(); i++) {
                    if (items.get(i) instanceof Map<?, ?> item) {
                        check(field.items(), item, name + "[" + i + "].", wrong);
                    } else {
                        wrong.add(name + "[" + i + "] (not an object)");
                    }
                }
            }
        }
    }

    private static boolean fits(Field.Type type, Object value) {
        switch (type) {
            case TEXT:
                return value == null || value instanceof String;
            case INT:
            case MILLIS:
            case MICROS:
                return value instanceof Number;
            case OPTIONAL_INT:
                return value == null || value instanceof Number;
            case FLAG:
                return value instanceof Boolean;
            case OBJECT:
                return value == null || value instanceof Map;
            default: // STACK, ITEMS, TEXTS
                return value instanceof List;
        }
    }

    private static String expected(Field.Type type) {
        switch (type) {
            case TEXT:
                return "a string or null";
            case INT:
            case MILLIS:
            case MICROS:
                return "a number";
            case OPTIONAL_INT:
                return "a number or null";
            case FLAG:
                return "true or false";
            case OBJECT:
                return "an object";
            default:
                return "an array";
        }
    }
}
