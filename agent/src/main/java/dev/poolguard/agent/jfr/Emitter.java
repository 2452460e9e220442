package dev.poolguard.agent.jfr;

import java.util.IdentityHashMap;
import java.util.Map;

import jdk.jfr.Event;
import jdk.jfr.EventFactory;

import dev.poolguard.agent.events.EventSchema;
import dev.poolguard.agent.events.Field;
import dev.poolguard.agent.events.ReportEvents;
import dev.poolguard.agent.events.Words;

/**
 * The only class that touches {@code jdk.jfr}; loaded by {@link JfrEvents} at the first poolguard
 * event, never before. Each JFR event is made from its report event's schema ({@link SchemaEventTypes}),
 * so it has the report event's fields by construction.
 *
 * <p>Making an event type is not cheap: JFR sets up its metadata for it (measured for declared event
 * classes: some 100 JDK classes and 0.1 s on JDK 17 and 25), even when no recording ever runs. So no
 * type is made until the Flight Recorder itself is up ({@code FlightRecorder.isInitialized()}, which a
 * recording started by {@code -XX:StartFlightRecording}, {@code jcmd JFR.start} or the API always makes
 * true; its class holds two static fields). Then every type is made at once, so that none is first made
 * in the middle of a shutdown; and an event's values are built only when a recording wants the event.
 */
final class Emitter {
    private static volatile Map<EventSchema<?>, EventFactory> factories;

    private Emitter() {
    }

    /** Null while the Flight Recorder was never started in this JVM: no recording can want an event. */
    private static Map<EventSchema<?>, EventFactory> recorderUp() {
        if (!jdk.jfr.FlightRecorder.isInitialized()) {
            return null;
        }
        Map<EventSchema<?>, EventFactory> made = factories;
        if (made == null) {
            synchronized (Emitter.class) {
                made = factories;
                if (made == null) {
                    made = new IdentityHashMap<>();
                    for (EventSchema<?> schema : ReportEvents.ALL) {
                        if (schema.jfrName() != null) {
                            made.put(schema, SchemaEventTypes.factory(schema));
                        }
                    }
                    factories = made;
                }
            }
        }
        return made;
    }

    /** Asks what the first event would ask, so that a later one finds it all made. */
    static void prepare() {
        recorderUp();
    }

    static <R> void emit(EventSchema<R> schema, R record) {
        Map<EventSchema<?>, EventFactory> made = recorderUp();
        EventFactory factory = made == null ? null : made.get(schema);
        if (factory == null) {
            return;
        }
        Event event = factory.newEvent();
        if (event.shouldCommit()) {
            int index = 0;
            for (Field<R> field : schema.fields()) {
                event.set(index++, value(field, record));
            }
            event.commit();
        }
    }

    /** A field's value as its JFR field holds it ({@link SchemaEventTypes#javaType}). */
    @SuppressWarnings("unchecked")
    private static <R, I> Object value(Field<R> field, R record) {
        Object value = field.valueOf(record);
        switch (field.type()) {
            case OPTIONAL_INT:
                return value == null ? null : value.toString();
            case STACK:
                return Words.frames((StackTraceElement[]) value);
            case ITEMS:
                return Words.flat(value == null ? java.util.List.<I>of() : (java.util.List<I>) value,
                        (EventSchema<I>) field.items());
            case TEXTS:
            case OBJECT:
                return Words.lines(value);
            default:
                return value; // TEXT, INT, MILLIS, FLAG: as the JFR field's type
        }
    }
}
