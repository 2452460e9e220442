package dev.poolguard.bootstrap;

import java.util.List;

/**
 * A deadlock as the {@code deadlock} event describes it.
 *
 * @param kind    SELF_WAIT, CYCLE or STARVATION
 * @param timed   a wait in it has a timeout, so it will end by itself
 * @param threads every thread in it, the one whose wait closed it first
 * @param pools   the pools involved
 */
public record DeadlockReport(String kind, boolean timed, List<ThreadInfo> threads, List<PoolInfo> pools) {

    /** One thread: {@code pool} null outside pools, {@code task} null when unknown or none. */
    public record ThreadInfo(String thread, String pool, String task, String waitsFor, StackTraceElement[] stack) { }

    /** A pool's state at detection. */
    public record PoolInfo(String id, String type, int workers, int maxWorkers, int queued) { }

    /** One line for an exception message: kind, then who waits for what. */
    public String summary() {
        StringBuilder text = new StringBuilder("deadlock: ").append(kind).append(timed ? " (timed)" : "").append(": ");
        for (int i = 0; i < threads.size(); i++) {
            ThreadInfo info = threads.get(i);
            text.append(i == 0 ? "" : "; ").append("thread '").append(info.thread()).append('\'');
            if (info.pool() != null) {
                text.append(" of ").append(info.pool());
            }
            if (info.task() != null) {
                text.append(" running ").append(info.task());
            }
            text.append(" waits for ").append(info.waitsFor());
        }
        return text.toString();
    }
}
