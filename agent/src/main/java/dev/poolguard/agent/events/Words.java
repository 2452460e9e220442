package dev.poolguard.agent.events;

import java.util.List;
import java.util.Map;

import dev.poolguard.agent.events.Field.Type;
import dev.poolguard.agent.report.Frames;

/**
 * An event's fields in a person's words, from their {@link Field#phrase() phrases}: the same words in
 * the log (an item per paragraph, a field per line) and in JFR's text fields (an item per line, its
 * frames indented under it). A headline written by hand states what is special about an event; every
 * field with a phrase, and every stack and array, is said here, so a field added to the schema is said
 * without touching a text.
 */
public final class Words {
    private static final String NL = "\n";

    private Words() {
    }

    /** JFR's form of an array: one line per item, its stack's frames under it as {@code "  at frame"}. */
    public static <I> String flat(List<I> items, EventSchema<I> shape) {
        StringBuilder text = new StringBuilder();
        for (I item : items) {
            line(text, head(shape, item, true));
            for (Field<I> field : shape.fields()) {
                if (field.type() == Type.STACK) {
                    for (StackTraceElement frame : stack(field, item)) {
                        line(text, "  at " + Frames.format(frame));
                    }
                }
            }
        }
        return text.toString();
    }

    /** JFR's form of a stack: one frame per line. */
    public static String frames(StackTraceElement[] stack) {
        StringBuilder text = new StringBuilder();
        for (StackTraceElement frame : stack == null ? new StackTraceElement[0] : stack) {
            line(text, Frames.format(frame));
        }
        return text.toString();
    }

    /** JFR's form of an object or a list of strings: one entry per line. */
    public static String lines(Object value) {
        StringBuilder text = new StringBuilder();
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                line(text, entry.getKey() + "=" + entry.getValue());
            }
        } else if (value instanceof List<?> list) {
            for (Object entry : list) {
                line(text, String.valueOf(entry));
            }
        } else if (value != null) {
            line(text, String.valueOf(value));
        }
        return text.toString();
    }

    /**
     * The log's form of what follows an event's headline: each field with a phrase on a line of its own,
     * a stack's first {@code frames} frames, and each array's items as paragraphs.
     */
    public static <R> String log(EventSchema<R> schema, R record, int frames) {
        StringBuilder text = new StringBuilder();
        body(text, schema, record, "  ", frames);
        for (Field<R> field : schema.fields()) {
            if (field.type() == Type.ITEMS) {
                items(text, field, record, frames);
            }
        }
        return text.toString();
    }

    private static <R, I> void items(StringBuilder text, Field<R> field, R record, int frames) {
        @SuppressWarnings("unchecked")
        EventSchema<I> shape = (EventSchema<I>) field.items();
        for (I item : field.<I>itemsOf(record)) {
            text.append(NL).append("  ").append(head(shape, item, false));
            body(text, shape, item, "    ", frames);
        }
    }

    /** The own-line fields and the stack of {@code record}, each line starting with a line break. */
    private static <R> void body(StringBuilder text, EventSchema<R> shape, R record, String indent, int frames) {
        for (Field<R> field : shape.fields()) {
            if (field.type() == Type.STACK) {
                StackTraceElement[] stack = stack(field, record);
                for (int i = 0; i < Math.min(frames, stack.length); i++) {
                    text.append(NL).append(indent).append("  at ").append(Frames.format(stack[i]));
                }
                if (stack.length > frames) {
                    text.append(NL).append(indent).append("  ... ").append(stack.length - frames)
                            .append(" more frames in the report");
                }
            } else if (field.ownLine() && field.phrase() != null) {
                String said = say(field, record);
                if (!said.isEmpty()) {
                    text.append(NL).append(indent).append(said);
                }
            }
        }
    }

    /** The fields said on an item's first line; with {@code all}, its own-line fields too (JFR's one line). */
    private static <R> String head(EventSchema<R> shape, R record, boolean all) {
        StringBuilder text = new StringBuilder();
        for (Field<R> field : shape.fields()) {
            if (field.phrase() != null && field.type() != Type.ITEMS && (all || !field.ownLine())) {
                join(text, say(field, record));
            }
        }
        return text.toString();
    }

    private static <R> String say(Field<R> field, R record) {
        String words = field.wordsOf(record);
        return words == null ? field.nullPhrase() : field.phrase().replace("%s", words);
    }

    /** Words joined by a space, except before punctuation that leans on the word before it. */
    private static void join(StringBuilder text, String words) {
        if (words.isEmpty()) {
            return;
        }
        if (text.length() > 0 && ",:;)".indexOf(words.charAt(0)) < 0) {
            text.append(' ');
        }
        text.append(words);
    }

    private static <R> StackTraceElement[] stack(Field<R> field, R record) {
        Object stack = field.valueOf(record);
        return stack instanceof StackTraceElement[] frames ? frames : new StackTraceElement[0];
    }

    private static void line(StringBuilder text, String line) {
        if (text.length() > 0) {
            text.append(NL);
        }
        text.append(line);
    }
}
