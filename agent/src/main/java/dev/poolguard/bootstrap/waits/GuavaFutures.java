package dev.poolguard.bootstrap.waits;

import java.lang.reflect.Field;
import java.util.concurrent.Future;

/**
 * What a Guava future waits for before it can complete, read reflectively on the analysis path only (the
 * runtime never links against Guava): a {@code Futures.transform}/{@code transformAsync}/{@code catching}
 * future's {@code inputFuture} (Guava clears it once the input is done), a {@code FluentFuture.from}
 * wrapper's {@code delegate}, and the future a {@code setFuture} (also what {@code transformAsync} and
 * {@code submitAsync} do with the function's result) handed its completion to, held in the future's value
 * as a {@code SetFuture} (Guava up to 33.4.5) or {@code DelegatingToFuture} (33.4.6 on). Classes are
 * recognised by name in Guava's package, maybe relocated; the fields found are kept per class in a
 * {@link ClassValue}, which does not keep the application's loader alive. Anything not found is "none",
 * which the detector treats as an unknown producer: progress.
 */
public final class GuavaFutures {
    private static final String PACKAGE_TAIL = ".com.google.common.util.concurrent.";
    /** Fields of a future's class: the input or delegate, and the value; either may be null. */
    private record Fields(Field input, Field value) { }

    private static final Fields NONE = new Fields(null, null);

    private static final ClassValue<Fields> FUTURE_FIELDS = new ClassValue<>() {
        @Override
        protected Fields computeValue(Class<?> type) {
            Field input = null;
            Field value = null;
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                if (!inGuava(c)) {
                    continue; // an application's subclass of AbstractFuture
                }
                String simple = c.getSimpleName();
                if (input == null && (simple.equals("AbstractTransformFuture") || simple.equals("AbstractCatchingFuture"))) {
                    input = field(c, "inputFuture");
                } else if (input == null && simple.equals("ForwardingFluentFuture")) {
                    input = field(c, "delegate");
                } else if (value == null && simple.equals("AbstractFuture")) {
                    value = field(c, "value"); // up to 33.4.5
                } else if (value == null && simple.equals("AbstractFutureState")) {
                    value = field(c, "valueField"); // 33.4.6 on
                }
            }
            return input == null && value == null ? NONE : new Fields(input, value);
        }
    };

    /** The {@code future} field of a pending {@code setFuture}'s marker; null for any other value. */
    private static final ClassValue<Field> DELEGATED = new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
            String simple = type.getSimpleName();
            return inGuava(type) && (simple.equals("SetFuture") || simple.equals("DelegatingToFuture"))
                    ? field(type, "future") : null;
        }
    };

    private GuavaFutures() {
    }

    /** The unfinished future {@code future} waits for, or null (none, not a Guava future, or unreadable). */
    public static Object prerequisiteOf(Object future) {
        if (!(future instanceof Future)) {
            return null;
        }
        Fields fields = FUTURE_FIELDS.get(future.getClass());
        if (fields == NONE) {
            return null;
        }
        try {
            Object input = fields.input() == null ? null : fields.input().get(future);
            if (input instanceof Future<?> source && !source.isDone()) {
                return source;
            }
            Object value = fields.value() == null ? null : fields.value().get(future);
            Field delegated = value == null ? null : DELEGATED.get(value.getClass());
            return delegated == null ? null : delegated.get(value);
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            return null;
        }
    }

    private static boolean inGuava(Class<?> type) {
        String name = "." + type.getName();
        int lastDot = name.lastIndexOf('.');
        return name.startsWith(PACKAGE_TAIL, lastDot + 1 - PACKAGE_TAIL.length());
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true); // Guava on the class path: an unnamed module, open to all
            return field;
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            return null;
        }
    }
}
