package dev.poolguard.agent.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.poolguard.agent.events.EventSchema;
import dev.poolguard.agent.events.Field;

/**
 * A report event as the JSON report writes it (docs/contract.md, "Report events"): {@code event},
 * {@code time} and {@code pid}, then the schema's fields in order. Stacks become arrays of frames, arrays
 * of items arrays of objects with the items' fields.
 */
public final class EventJson {
    private EventJson() {
    }

    /** {@code time} null leaves it null: an event built only for the log needs no clock formatting. */
    public static <R> Map<String, Object> of(EventSchema<R> schema, R record, String time, long pid) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", schema.event());
        event.put("time", time);
        event.put("pid", pid);
        return fields(schema, record, event);
    }

    private static <R> Map<String, Object> fields(EventSchema<R> shape, R record, Map<String, Object> into) {
        for (Field<R> field : shape.fields()) {
            into.put(field.name(), value(field, record));
        }
        return into;
    }

    private static <R> Object value(Field<R> field, R record) {
        Object value = field.valueOf(record);
        switch (field.type()) {
            case STACK:
                return Frames.of(value == null ? new StackTraceElement[0] : (StackTraceElement[]) value);
            case ITEMS:
                return items(field, value);
            default:
                return value;
        }
    }

    @SuppressWarnings("unchecked")
    private static <I> List<Object> items(Field<?> field, Object value) {
        EventSchema<I> shape = (EventSchema<I>) field.items();
        List<Object> items = new ArrayList<>();
        for (I item : value == null ? List.<I>of() : (List<I>) value) {
            items.add(fields(shape, item, new LinkedHashMap<>()));
        }
        return items;
    }
}
