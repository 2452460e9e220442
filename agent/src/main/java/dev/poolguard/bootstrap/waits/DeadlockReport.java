package dev.poolguard.bootstrap.waits;

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

    /**
     * One thread: {@code pool} null outside pools, {@code task} null when unknown or none; {@code waitsFor}
     * the task it waits on, or null when it waits to acquire {@code lock} instead (null otherwise).
     */
    public record ThreadInfo(String thread, String pool, String task, String waitsFor, HeldLock lock,
                             StackTraceElement[] stack) {
        /** A thread that waits on a task (or on nothing known). */
        public ThreadInfo(String thread, String pool, String task, String waitsFor, StackTraceElement[] stack) {
            this(thread, pool, task, waitsFor, null, stack);
        }

        /** The lock as the report names it: {@code LOCK owned by 'OWNER'}, or null. */
        public String lockText() {
            return lock == null ? null : lock.text();
        }

        /** The lock in the log's words: {@code LOCK held by 'OWNER'}, or null. */
        public String lockHeldBy() {
            return lock == null ? null : lock.lock() + " held by '" + lock.owner() + "'";
        }

        /** What it waits for, in words: {@code acquire LOCK held by 'OWNER'}, or the awaited task. */
        public String waitsForText() {
            return lock != null ? "acquire " + lock.lock() + " held by '" + lock.owner() + "'" : waitsFor;
        }
    }

    /**
     * A lock a thread waits to acquire.
     *
     * @param lock  as {@code java.lang.management.ThreadInfo.getLockName()} names it: the class and identity
     *              hash in hex of the monitor's object, or of a {@code java.util.concurrent} lock's synchronizer
     *              (such as {@code java.util.concurrent.locks.ReentrantLock$NonfairSync@1b6d3586})
     * @param owner the name of the thread that holds it
     */
    public record HeldLock(String lock, String owner) {
        /** The report's {@code lock} field: {@code LOCK owned by 'OWNER'}. */
        public String text() {
            return lock + " owned by '" + owner + "'";
        }
    }

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
            text.append(info.lock() != null ? " waits to " : " waits for ").append(info.waitsForText());
        }
        return text.toString();
    }
}
