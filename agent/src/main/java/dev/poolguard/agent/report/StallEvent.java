package dev.poolguard.agent.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.poolguard.bootstrap.StallReport;

/** The {@code stall} report event (docs/contract.md "Report events"), one place for its fields. */
public final class StallEvent {
    private StallEvent() {
    }

    public static Map<String, Object> of(StallReport report, long pid, boolean withTime) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", "stall");
        event.put("time", withTime ? Instant.now().toString() : null);
        event.put("pid", pid);
        event.put("pool", report.pool());
        event.put("queued", report.queued());
        event.put("oldestQueuedMillis", report.oldestQueuedMillis());
        List<Object> threads = new ArrayList<>();
        for (StallReport.Worker worker : report.threads()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("thread", worker.thread());
            item.put("task", worker.task());
            item.put("blockedOn", worker.blockedOn());
            item.put("stack", Frames.of(worker.stack()));
            threads.add(item);
        }
        event.put("threads", threads);
        return event;
    }
}
