package dev.poolguard.bootstrap.detect;

/** The shape of a deadlock, as reported in the {@code deadlock} event's {@code kind}. */
public enum DeadlockKind {
    /** The closing thread waits on a task that it is itself running. */
    SELF_WAIT,
    /** A ring of threads, each waiting on a task that the next one is running or a lock it holds; no pool involved. */
    CYCLE,
    /** Waits that end, directly or through other threads, on queued work no worker will ever take. */
    STARVATION
}
