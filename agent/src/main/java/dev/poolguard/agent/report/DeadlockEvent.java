package dev.poolguard.agent.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.poolguard.bootstrap.DeadlockReport;
import dev.poolguard.bootstrap.DeadlockReport.PoolInfo;
import dev.poolguard.bootstrap.DeadlockReport.ThreadInfo;

/**
 * The {@code deadlock} report event (INTERFACE.md "Report events"), one place for its fields: written by
 * the agent in the JVM it watches, and by {@code attach} on behalf of the JVM it looked into.
 */
public final class DeadlockEvent {
    private DeadlockEvent() {
    }

    public static Map<String, Object> of(DeadlockReport report, long pid) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", "deadlock");
        event.put("time", Instant.now().toString());
        event.put("pid", pid);
        event.put("kind", report.kind());
        event.put("timed", report.timed());
        List<Object> threads = new ArrayList<>();
        for (ThreadInfo thread : report.threads()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("thread", thread.thread());
            item.put("pool", thread.pool());
            item.put("task", thread.task());
            item.put("waitsFor", thread.waitsFor());
            item.put("lock", thread.lock() == null ? null : thread.lock().text());
            item.put("stack", Frames.of(thread.stack()));
            threads.add(item);
        }
        event.put("threads", threads);
        List<Object> pools = new ArrayList<>();
        for (PoolInfo pool : report.pools()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", pool.id());
            item.put("type", pool.type());
            item.put("workers", pool.workers());
            item.put("maxWorkers", pool.maxWorkers());
            item.put("queued", pool.queued());
            pools.add(item);
        }
        event.put("pools", pools);
        return event;
    }
}
