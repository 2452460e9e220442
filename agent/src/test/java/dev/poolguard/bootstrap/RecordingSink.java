package dev.poolguard.bootstrap;

import dev.poolguard.bootstrap.shutdown.ShutdownSummary;
import dev.poolguard.bootstrap.shutdown.ShutdownTrigger;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link EventSink} that keeps the shutdown events it is told, for assertions. A proxy, so that
 * methods added to the interface later (the sink grows with the runtime) need no change here: they are
 * kept in {@link #other} by name.
 */
public final class RecordingSink {
    public record Started(ShutdownTrigger trigger, Integer status) { }

    public record Blocked(String pool, String thread, StackTraceElement[] stack) { }

    public final List<Started> started = new CopyOnWriteArrayList<>();
    public final List<Blocked> blocked = new CopyOnWriteArrayList<>();
    public final List<ShutdownSummary> ended = new CopyOnWriteArrayList<>();
    final List<String> other = new CopyOnWriteArrayList<>();

    public final EventSink sink = (EventSink) Proxy.newProxyInstance(EventSink.class.getClassLoader(),
            new Class<?>[] {EventSink.class}, (proxy, method, args) -> handle(proxy, method, args));

    private Object handle(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "shutdownStarted":
                started.add(new Started((ShutdownTrigger) args[0], (Integer) args[1]));
                return null;
            case "spawnBlocked":
                blocked.add(new Blocked((String) args[0], (String) args[1], (StackTraceElement[]) args[2]));
                return null;
            case "shutdownEnded":
                ended.add((ShutdownSummary) args[0]);
                return null;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "RecordingSink";
            default:
                other.add(method.getName());
                return null;
        }
    }
}
