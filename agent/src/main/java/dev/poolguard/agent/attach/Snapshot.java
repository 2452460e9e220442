package dev.poolguard.agent.attach;

import java.util.List;

/**
 * What {@code attach} saw in the target at one moment: plain data, with no reference to the target's
 * objects, so that it can travel to the command's own JVM and be analysed there (and built from tables
 * in tests). Threads, futures and pools refer to each other by key.
 *
 * @param pid         the target's pid
 * @param jdk         the target's {@code java.runtime.version}
 * @param pauseMicros how long, in all, taking it held the target's threads up (the stacks of the threads
 *                    parked on futures, each a short stop of the JVM, and the copies of stuck pools' queues)
 * @param longestPauseMicros the longest of those stops
 * @param threads     every live platform thread (stacks only of those parked on a future or a recorded lock)
 * @param futures     every future some thread waits on (and nothing else)
 * @param pools       every {@code ThreadPoolExecutor} that has a live worker
 */
public record Snapshot(long pid, String jdk, long pauseMicros, long longestPauseMicros, List<ThreadShot> threads, List<FutureShot> futures,
                       List<PoolShot> pools) {

    public Snapshot {
        threads = List.copyOf(threads);
        futures = List.copyOf(futures);
        pools = List.copyOf(pools);
    }

    /**
     * One thread.
     *
     * @param awaits the key of the future it is parked on, or null (running, or waiting on something else)
     * @param timed  its wait has a timeout
     * @param pool   the key of the pool it is a worker of, or null
     * @param busy   as a worker: it runs a task (an idle worker waits in the queue for one)
     * @param stack  taken only of a thread parked on a future or blocked on a recorded lock
     * @param lockOwner the id of the thread owning the lock it is blocked acquiring, or null
     * @param lock   that lock, as {@code ThreadInfo.getLockName()} names it, or null
     */
    public record ThreadShot(long id, String name, String state, Long awaits, boolean timed, String pool, boolean busy,
                             StackTraceElement[] stack, Long lockOwner, String lock) {
        /** A thread that is not blocked on a recorded lock. */
        public ThreadShot(long id, String name, String state, Long awaits, boolean timed, String pool, boolean busy,
                          StackTraceElement[] stack) {
            this(id, name, state, awaits, timed, pool, busy, stack, null, null);
        }
    }

    /**
     * One awaited future.
     *
     * @param text     its {@code toString()} (guarded and cut: it may run application code)
     * @param runner   the id of the thread running its task, or null (not started, or unknown)
     * @param queuedIn the key of a pool whose queue holds its task, or null (none of the stuck pools)
     */
    public record FutureShot(long id, String text, boolean done, Long runner, String queuedIn) { }

    /**
     * One pool.
     *
     * @param key          the snapshot's own key
     * @param id           the readable id, as the agent would name it
     * @param size         {@code getPoolSize()}: workers the pool counts
     * @param boundedQueue the queue can fill up, so a full queue would make the pool grow toward {@code max}
     * @param queued       tasks in its queue
     * @param workers      ids of its live worker threads
     */
    public record PoolShot(String key, String id, String type, int size, int core, int max, boolean boundedQueue,
                           int queued, List<Long> workers) {
        public PoolShot {
            workers = List.copyOf(workers);
        }
    }
}
