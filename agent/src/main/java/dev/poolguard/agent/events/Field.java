package dev.poolguard.agent.events;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * One field of a report event, defined once: its name (in the JSON report, the JFR event and the
 * {@code check} command's reading), its type, how to read it off the runtime's record, and the words
 * the log and the JFR text use for it. Built by {@link EventSchema.Builder}.
 *
 * @param <R> the record the field is read from
 */
public final class Field<R> {
    /** What a value is, which decides how each form writes it. */
    public enum Type {
        /** A string, or null. JFR: a string. */
        TEXT,
        /** A number. JFR: an int. */
        INT,
        /** A number, or null. JFR: its digits as a string (a JFR int has no null). */
        OPTIONAL_INT,
        /** A duration in milliseconds. JFR: a long, shown as a timespan. */
        MILLIS,
        /** A duration in microseconds. JFR: a long, shown as a timespan. */
        MICROS,
        /** A boolean. */
        FLAG,
        /** A stack: JSON an array of frames; JFR and log one frame per line. */
        STACK,
        /** An array of objects, each with the fields of {@link Field#items()}. JFR: one line per item. */
        ITEMS,
        /** An array of strings. JFR: one per line. */
        TEXTS,
        /** A JSON object, written as it is. JFR: its entries as {@code key=value} lines. */
        OBJECT
    }

    private final String name;
    private final Type type;
    private final Class<?> record;
    private final String valueMethod;
    private final String wordsMethod;
    /** Looked up at the first read, not when the schema is built: most fields of most runs are never read. */
    private volatile Method value;
    private volatile Method words;
    private final String phrase;
    private final String nullPhrase;
    private final boolean ownLine;
    private final String description;
    private final EventSchema<?> items;

    Field(String name, Type type, Class<?> record, String valueMethod, String wordsMethod, String phrase,
          String nullPhrase, boolean ownLine, String description, EventSchema<?> items) {
        this.name = name;
        this.type = type;
        this.record = record;
        this.valueMethod = valueMethod;
        this.wordsMethod = wordsMethod;
        this.phrase = phrase;
        this.nullPhrase = nullPhrase;
        this.ownLine = ownLine;
        this.description = description;
        this.items = items;
    }

    /** The field's name in the JSON report and in the JFR event. */
    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    /** The value as the JSON report holds it before formatting: a stack is still a StackTraceElement[]. */
    public Object valueOf(R record) {
        Method method = value;
        if (method == null) {
            value = method = method(valueMethod);
        }
        return read(method, record);
    }

    /** The value in a person's words, where they differ from the report's (a lock: "held by", not "owned by"). */
    public String wordsOf(R record) {
        if (wordsMethod != null) {
            Method method = words;
            if (method == null) {
                words = method = method(wordsMethod);
            }
            return (String) read(method, record);
        }
        Object raw = valueOf(record);
        return raw == null ? null : String.valueOf(raw);
    }

    /**
     * How the log and the JFR text say the field, {@code %s} standing for its words; null for a field
     * these texts leave out (a stack is written as frames, a headline states its own fields).
     */
    public String phrase() {
        return phrase;
    }

    /** What is said when the value is null (often nothing: ""). */
    public String nullPhrase() {
        return nullPhrase;
    }

    /** Whether the log gives it a line of its own under its item's first line. */
    public boolean ownLine() {
        return ownLine;
    }

    /** A sentence for people: JFR's field description. */
    public String description() {
        return description;
    }

    /** The fields of each item, for an {@link Type#ITEMS} field; null otherwise. */
    public EventSchema<?> items() {
        return items;
    }

    /** The field's items as a typed list, for an {@link Type#ITEMS} field. */
    @SuppressWarnings("unchecked")
    <I> java.util.List<I> itemsOf(R record) {
        Object list = valueOf(record);
        return list == null ? java.util.List.of() : (java.util.List<I>) list;
    }

    private Method method(String name) {
        try {
            return record.getMethod(name);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(record.getName() + " has no public method " + name + "() for field " + this.name, e);
        }
    }

    /**
     * Reads a record's accessor. Reflection, not a lambda per field: a lambda is spun into a class at its
     * first use (measured: some 1 ms each at start-up, 7-12 ms for agent-start's fields), while a
     * reflective call costs 0.1 ms for all of them on JDK 17, 1 ms on 25.
     */
    private static Object read(Method accessor, Object record) {
        try {
            return accessor.invoke(record);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(accessor + " cannot be read", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(accessor + " failed", e.getCause());
        }
    }

    @Override
    public String toString() {
        return name + " (" + type + ")";
    }
}
