package dev.poolguard.agent.check;

import java.util.List;
import java.util.Map;

/** One finding of {@code check} as its line says it (docs/contract.md, "check command"). */
final class FindingText {
    private FindingText() {
    }

    static String deadlock(Map<String, Object> event) {
        StringBuilder line = new StringBuilder("deadlock ").append(text(event, "kind"));
        if (Boolean.TRUE.equals(event.get("timed"))) {
            line.append(" (timed: it ends when a wait times out)");
        }
        line.append(": ");
        List<?> threads = list(event, "threads");
        if (threads.isEmpty()) {
            line.append("no thread named");
        }
        for (int i = 0; i < threads.size(); i++) {
            Map<String, Object> thread = map(threads.get(i));
            line.append(i == 0 ? "" : "; ").append(thread(thread)).append(" waits at ")
                    .append(CallSite.of(list(thread, "stack")));
            if (thread.get("lock") instanceof String lock) {
                line.append(" to acquire ").append(lock); // a lock wait: the lock and its owner
            }
        }
        return line.toString();
    }

    static String risk(Map<String, Object> event) {
        Object site = event.get("site");
        return "risk " + text(event, "kind") + ": " + thread(event) + " waits at "
                + (site instanceof String ? site : CallSite.of(list(event, "stack")))
                + " for an unfinished task of its own pool";
    }

    static String stall(Map<String, Object> event) {
        StringBuilder line = new StringBuilder("stall: pool ").append(text(event, "pool")).append(": ")
                .append(text(event, "queued")).append(" queued, the oldest for ").append(text(event, "oldestQueuedMillis"))
                .append(" ms, while every worker was blocked: ");
        List<?> threads = list(event, "threads");
        if (threads.isEmpty()) {
            line.append("no thread named");
        }
        for (int i = 0; i < threads.size(); i++) {
            Map<String, Object> thread = map(threads.get(i));
            line.append(i == 0 ? "" : "; ").append("thread '").append(text(thread, "thread")).append("' on ")
                    .append(text(thread, "blockedOn"));
        }
        return line.toString();
    }

    static String inFlight(Map<String, Object> task) {
        return "undone: still running at exit on " + thread(task) + ", at " + CallSite.of(list(task, "stack"))
                + ": " + text(task, "task");
    }

    static String queued(Map<String, Object> task) {
        return "undone: queued in pool " + text(task, "pool") + " and never started: " + text(task, "task");
    }

    /** {@code thread 'x' of pool P}, or {@code thread 'x' (not a pool thread)}. */
    private static String thread(Map<String, Object> holder) {
        Object pool = holder.get("pool");
        return "thread '" + text(holder, "thread") + "'"
                + (pool instanceof String ? " of pool " + pool : " (not a pool thread)");
    }

    static String text(Map<String, Object> holder, String key) {
        Object value = holder.get(key);
        return value == null ? "?" : String.valueOf(value);
    }

    static List<?> list(Map<String, Object> holder, String key) {
        Object value = holder.get(key);
        return value instanceof List ? (List<?>) value : List.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }
}
