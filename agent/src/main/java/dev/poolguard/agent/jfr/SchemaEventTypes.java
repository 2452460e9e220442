package dev.poolguard.agent.jfr;

import java.util.ArrayList;
import java.util.List;

import jdk.jfr.AnnotationElement;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.EventFactory;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.ValueDescriptor;

import dev.poolguard.agent.events.EventSchema;
import dev.poolguard.agent.events.Field;

/**
 * A JFR event type made from a report event's schema (docs/contract.md, "JFR events": the fields of the
 * matching report event, arrays flattened to readable text): same names, numbers and flags as such,
 * durations as timespans, everything else as text.
 */
final class SchemaEventTypes {
    private SchemaEventTypes() {
    }

    static EventFactory factory(EventSchema<?> schema) {
        List<AnnotationElement> annotations = List.of(
                new AnnotationElement(Name.class, schema.jfrName()),
                new AnnotationElement(Label.class, schema.jfrLabel()),
                new AnnotationElement(Category.class, new String[] {"poolguard"}),
                new AnnotationElement(Description.class, schema.description()),
                new AnnotationElement(StackTrace.class, false));
        List<ValueDescriptor> fields = new ArrayList<>();
        for (Field<?> field : schema.fields()) {
            List<AnnotationElement> about = new ArrayList<>();
            about.add(new AnnotationElement(Label.class, label(field.name())));
            about.add(new AnnotationElement(Description.class, field.description()));
            if (field.type() == Field.Type.MILLIS || field.type() == Field.Type.MICROS) {
                about.add(new AnnotationElement(Timespan.class,
                        field.type() == Field.Type.MILLIS ? Timespan.MILLISECONDS : Timespan.MICROSECONDS));
            }
            fields.add(new ValueDescriptor(javaType(field.type()), field.name(), about));
        }
        return EventFactory.create(annotations, fields);
    }

    /** The JFR field's type: numbers and flags as such (so a recording can be queried on them), else text. */
    static Class<?> javaType(Field.Type type) {
        switch (type) {
            case INT:
                return int.class;
            case MILLIS:
            case MICROS:
                return long.class;
            case FLAG:
                return boolean.class;
            default:
                return String.class;
        }
    }

    /** {@code oldestQueuedMillis} is labelled "Oldest Queued Millis", as JDK Mission Control shows labels. */
    static String label(String name) {
        StringBuilder label = new StringBuilder().append(Character.toUpperCase(name.charAt(0)));
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                label.append(' ');
            }
            label.append(c);
        }
        return label.toString();
    }
}
