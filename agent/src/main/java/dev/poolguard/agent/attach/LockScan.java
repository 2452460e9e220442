package dev.poolguard.agent.attach;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.poolguard.bootstrap.waits.LockWaits;
import dev.poolguard.bootstrap.waits.LockWaits.LockWait;

/**
 * The lock waits the snapshot records: those of threads an analysis can reach from a future wait (the
 * runners of awaited tasks, the workers of stuck pools) and, from each, the lock's owner, and so on. Each
 * costs two reads, and a blocked one a {@code ThreadMXBean} look without a stack (no stop of the JVM);
 * only the threads found here get their stacks taken, so a server with many threads blocked on an
 * unrelated lock is not held up for each of them.
 */
final class LockScan {
    private LockScan() {
    }

    /** The lock waits reachable from {@code seeds} through lock owners, by waiting thread. */
    @SuppressWarnings("deprecation") // getId(): threadId() is JDK 19+
    static Map<Thread, LockWait> reachable(List<Thread> threads, Collection<Thread> seeds) {
        Map<Long, Thread> byId = new HashMap<>();
        for (Thread thread : threads) {
            byId.put(thread.getId(), thread);
        }
        Map<Thread, LockWait> found = new IdentityHashMap<>();
        Set<Thread> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Thread> todo = new ArrayDeque<>(seeds);
        while (!todo.isEmpty()) {
            Thread thread = todo.poll();
            if (!seen.add(thread)) {
                continue;
            }
            LockWait wait = LockWaits.of(thread);
            if (wait == null) {
                continue;
            }
            found.put(thread, wait);
            Thread owner = byId.get(wait.ownerId());
            if (owner != null) {
                todo.add(owner);
            }
        }
        return found;
    }

    /** Whether {@code thread} still waits for the same lock, held by the same owner, as {@code before}. */
    static boolean same(Thread thread, LockWait before) {
        LockWait now = LockWaits.of(thread);
        return now != null && now.ownerId() == before.ownerId() && now.lock().equals(before.lock());
    }
}
