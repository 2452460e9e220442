package dev.poolguard.agent.attach;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.poolguard.agent.attach.Snapshot.FutureShot;
import dev.poolguard.agent.attach.Snapshot.PoolShot;
import dev.poolguard.agent.attach.Snapshot.ThreadShot;
import dev.poolguard.agent.json.Json;
import dev.poolguard.agent.json.JsonWriter;

/**
 * A {@link Snapshot} as one JSON document: the target writes it to the file the command named, the
 * command reads it back. Internal to {@code attach} (both ends are the same jar), not part of the contract.
 */
final class SnapshotJson {
    private SnapshotJson() {
    }

    static String write(Snapshot snapshot) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("pid", snapshot.pid());
        root.put("jdk", snapshot.jdk());
        root.put("pauseMicros", snapshot.pauseMicros());
        root.put("longestPauseMicros", snapshot.longestPauseMicros());
        List<Object> threads = new ArrayList<>();
        for (ThreadShot thread : snapshot.threads()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", thread.id());
            item.put("name", thread.name());
            item.put("state", thread.state());
            item.put("awaits", thread.awaits());
            item.put("timed", thread.timed());
            item.put("pool", thread.pool());
            item.put("busy", thread.busy());
            item.put("lockOwner", thread.lockOwner());
            item.put("lock", thread.lock());
            List<Object> frames = new ArrayList<>();
            for (StackTraceElement frame : thread.stack()) {
                frames.add(java.util.Arrays.asList(frame.getClassName(), frame.getMethodName(), frame.getFileName(),
                        frame.getLineNumber()));
            }
            item.put("stack", frames);
            threads.add(item);
        }
        root.put("threads", threads);
        List<Object> futures = new ArrayList<>();
        for (FutureShot future : snapshot.futures()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", future.id());
            item.put("text", future.text());
            item.put("done", future.done());
            item.put("runner", future.runner());
            item.put("queuedIn", future.queuedIn());
            futures.add(item);
        }
        root.put("futures", futures);
        List<Object> pools = new ArrayList<>();
        for (PoolShot pool : snapshot.pools()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("key", pool.key());
            item.put("id", pool.id());
            item.put("type", pool.type());
            item.put("size", pool.size());
            item.put("core", pool.core());
            item.put("max", pool.max());
            item.put("boundedQueue", pool.boundedQueue());
            item.put("queued", pool.queued());
            item.put("workers", pool.workers());
            pools.add(item);
        }
        root.put("pools", pools);
        return JsonWriter.write(root);
    }

    @SuppressWarnings("unchecked")
    static Snapshot read(String text) {
        Map<String, Object> root = Json.parseObject(text);
        List<ThreadShot> threads = new ArrayList<>();
        for (Object o : (List<Object>) root.get("threads")) {
            Map<String, Object> item = (Map<String, Object>) o;
            List<Object> frames = (List<Object>) item.get("stack");
            StackTraceElement[] stack = new StackTraceElement[frames.size()];
            for (int i = 0; i < stack.length; i++) {
                List<Object> frame = (List<Object>) frames.get(i);
                stack[i] = new StackTraceElement((String) frame.get(0), (String) frame.get(1), (String) frame.get(2),
                        ((Long) frame.get(3)).intValue());
            }
            threads.add(new ThreadShot((Long) item.get("id"), (String) item.get("name"), (String) item.get("state"),
                    (Long) item.get("awaits"), (Boolean) item.get("timed"), (String) item.get("pool"),
                    (Boolean) item.get("busy"), stack, (Long) item.get("lockOwner"), (String) item.get("lock")));
        }
        List<FutureShot> futures = new ArrayList<>();
        for (Object o : (List<Object>) root.get("futures")) {
            Map<String, Object> item = (Map<String, Object>) o;
            futures.add(new FutureShot((Long) item.get("id"), (String) item.get("text"), (Boolean) item.get("done"),
                    (Long) item.get("runner"), (String) item.get("queuedIn")));
        }
        List<PoolShot> pools = new ArrayList<>();
        for (Object o : (List<Object>) root.get("pools")) {
            Map<String, Object> item = (Map<String, Object>) o;
            List<Long> workers = new ArrayList<>();
            for (Object id : (List<Object>) item.get("workers")) {
                workers.add((Long) id);
            }
            pools.add(new PoolShot((String) item.get("key"), (String) item.get("id"), (String) item.get("type"),
                    number(item, "size"), number(item, "core"), number(item, "max"),
                    (Boolean) item.get("boundedQueue"), number(item, "queued"), workers));
        }
        return new Snapshot((Long) root.get("pid"), (String) root.get("jdk"), (Long) root.get("pauseMicros"),
                (Long) root.get("longestPauseMicros"),
                threads, futures, pools);
    }

    private static int number(Map<String, Object> item, String key) {
        return ((Long) item.get(key)).intValue();
    }
}
