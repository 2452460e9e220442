package dev.poolguard.it.programs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread factory whose threads are named {@code prefix-N} (so reports can be matched to them), daemon or
 * not, and which remembers the threads it made (so a program can join a worker that timed out).
 */
public final class NamedThreads implements ThreadFactory {
    private final String prefix;
    private final boolean daemon;
    private final AtomicInteger count = new AtomicInteger();
    private final List<Thread> made = new CopyOnWriteArrayList<>();

    public NamedThreads(String prefix, boolean daemon) {
        this.prefix = prefix;
        this.daemon = daemon;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
        t.setDaemon(daemon);
        made.add(t);
        return t;
    }

    /** Every thread made so far. */
    public List<Thread> made() {
        return List.copyOf(made);
    }
}
