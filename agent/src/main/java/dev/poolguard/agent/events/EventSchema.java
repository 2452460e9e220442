package dev.poolguard.agent.events;

import java.util.ArrayList;
import java.util.List;

import dev.poolguard.agent.events.Field.Type;

/**
 * A report event, or the shape of the items of one of its arrays: its fields in order, each defined
 * once ({@link Field}). The JSON report ({@code EventJson}), the JFR events ({@code jfr.SchemaEvents}),
 * the log's words ({@link Words}) and the {@code check} command ({@code check.EventFields}) all read
 * this, so a field added here reaches all four.
 *
 * @param <R> the record an event (or item) is read from
 */
public final class EventSchema<R> {
    private final String event;
    private final String jfrName;
    private final String jfrLabel;
    private final String description;
    private final List<Field<R>> fields;

    private EventSchema(String event, String jfrName, String jfrLabel, String description, List<Field<R>> fields) {
        this.event = event;
        this.jfrName = jfrName;
        this.jfrLabel = jfrLabel;
        this.description = description;
        this.fields = List.copyOf(fields);
    }

    /** A report event named {@code event} (the JSON {@code event} field). */
    public static <R> Builder<R> event(String event, Class<R> record) {
        return new Builder<>(event, record);
    }

    /** The shape of an array's items. */
    public static <R> Builder<R> item(Class<R> record) {
        return new Builder<>(null, record);
    }

    /** The JSON {@code event} name; null for an item shape. */
    public String event() {
        return event;
    }

    /** The JFR event's name ({@code poolguard.Deadlock}); null when the event has none. */
    public String jfrName() {
        return jfrName;
    }

    public String jfrLabel() {
        return jfrLabel;
    }

    public String description() {
        return description;
    }

    public List<Field<R>> fields() {
        return fields;
    }

    public Field<R> field(String name) {
        for (Field<R> field : fields) {
            if (field.name().equals(name)) {
                return field;
            }
        }
        throw new IllegalArgumentException((event == null ? "item" : event) + " has no field " + name);
    }

    @Override
    public String toString() {
        return event == null ? "item" + fields : event;
    }

    /**
     * Fields in the order the report writes them. Each is read with the record's public method of the
     * field's name, or of the name given, looked up at its first read (a test reads every field of every
     * event: a name the record lacks fails it).
     */
    public static final class Builder<R> {
        private final String event;
        private final Class<R> record;
        private String jfrName;
        private String jfrLabel;
        private String description;
        private final List<Field<R>> fields = new ArrayList<>();

        private Builder(String event, Class<R> record) {
            this.event = event;
            this.record = record;
        }

        /** The matching JFR event (docs/contract.md, "JFR events"). */
        public Builder<R> jfr(String name, String label, String description) {
            this.jfrName = name;
            this.jfrLabel = label;
            this.description = description;
            return this;
        }

        /** A field the texts leave out or state in their headline. */
        public Builder<R> field(String name, Type type, String description) {
            return field(name, type, name, description);
        }

        /** As {@link #field(String, Type, String)}, read with the record's method {@code method}. */
        public Builder<R> field(String name, Type type, String method, String description) {
            return add(new Field<>(name, type, record, method, null, null, null, false, description, null));
        }

        /** A field the texts say on its item's first line as {@code phrase} ({@code nullPhrase} when null). */
        public Builder<R> inline(String name, Type type, String phrase, String nullPhrase, String description) {
            return add(new Field<>(name, type, record, name, null, phrase, nullPhrase, false, description, null));
        }

        /** A field the log says on a line of its own as {@code phrase}, nothing when null. */
        public Builder<R> line(String name, Type type, String phrase, String description) {
            return add(new Field<>(name, type, record, name, null, phrase, "", true, description, null));
        }

        /** As {@link #line(String, Type, String, String)}, read with {@code method}, said with {@code words}. */
        public Builder<R> line(String name, Type type, String method, String words, String phrase, String description) {
            return add(new Field<>(name, type, record, method, words, phrase, "", true, description, null));
        }

        /** A stack: frames under its item (or event), in every text. */
        public Builder<R> stack(String name, String description) {
            return add(new Field<>(name, Type.STACK, record, name, null, null, null, true, description, null));
        }

        /** An array of objects shaped by {@code items}. */
        public Builder<R> items(String name, EventSchema<?> items, String description) {
            return add(new Field<>(name, Type.ITEMS, record, name, null, null, null, true, description, items));
        }

        private Builder<R> add(Field<R> field) {
            fields.add(field);
            return this;
        }

        public EventSchema<R> build() {
            return new EventSchema<>(event, jfrName, jfrLabel, description, fields);
        }
    }
}
