package dev.poolguard.agent.attach;

import java.util.ArrayList;
import java.util.List;

import dev.poolguard.agent.attach.Snapshot.FutureShot;
import dev.poolguard.agent.attach.Snapshot.PoolShot;
import dev.poolguard.agent.attach.Snapshot.ThreadShot;

/** Builds a {@link Snapshot} as a table, the way a test reads: threads, futures, pools by hand. */
final class SnapshotTable {
    static final StackTraceElement[] STACK = {
            new StackTraceElement("java.util.concurrent.FutureTask", "get", "FutureTask.java", 191),
            new StackTraceElement("app.Service", "handle", "Service.java", 42)};

    private final List<ThreadShot> threads = new ArrayList<>();
    private final List<FutureShot> futures = new ArrayList<>();
    private final List<PoolShot> pools = new ArrayList<>();

    /** A thread outside any pool; {@code awaits} may be null. */
    SnapshotTable thread(long id, String name, Long awaits) {
        threads.add(new ThreadShot(id, name, awaits == null ? "RUNNABLE" : "WAITING", awaits, false, null, true, STACK));
        return this;
    }

    SnapshotTable worker(long id, String name, String pool, boolean busy, Long awaits) {
        threads.add(new ThreadShot(id, name, awaits == null ? "RUNNABLE" : "WAITING", awaits, false, pool, busy, STACK));
        return this;
    }

    SnapshotTable timedWorker(long id, String name, String pool, Long awaits) {
        threads.add(new ThreadShot(id, name, "TIMED_WAITING", awaits, true, pool, true, STACK));
        return this;
    }

    /** A worker (of {@code pool}, or none) blocked acquiring {@code lock}, which thread {@code owner} holds. */
    SnapshotTable lockWaiter(long id, String name, String pool, long owner, String lock) {
        threads.add(new ThreadShot(id, name, "BLOCKED", null, false, pool, true, STACK, owner, lock));
        return this;
    }

    SnapshotTable future(long id, Long runner, String queuedIn) {
        futures.add(new FutureShot(id, "FutureTask@" + id, false, runner, queuedIn));
        return this;
    }

    SnapshotTable doneFuture(long id) {
        futures.add(new FutureShot(id, "FutureTask@" + id, true, null, null));
        return this;
    }

    SnapshotTable pool(String key, int size, int core, int max, boolean bounded, int queued, Long... workers) {
        pools.add(new PoolShot(key, "ThreadPoolExecutor#" + key, "java.util.concurrent.ThreadPoolExecutor", size, core,
                max, bounded, queued, List.of(workers)));
        return this;
    }

    Snapshot build() {
        return new Snapshot(4242, "17", 0, 0, threads, futures, pools);
    }
}
