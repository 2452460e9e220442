package dev.poolguard.demo;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names pool threads {@code PREFIX-1}, {@code PREFIX-2}, ... so that thread dumps and poolguard
 * findings say which demo pool a thread belongs to.
 *
 * <p>It also counts the threads that actually began to run. The count is taken inside the new thread,
 * not in {@link #newThread}, because a thread that was created but never started (for example when
 * something refuses the spawn) is not a worker.
 */
final class NamedThreadFactory implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();

    NamedThreadFactory(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable work) {
        Runnable counted = () -> {
            running.incrementAndGet();
            work.run();
        };
        // Non-daemon, like the JDK's default factory: these demos end through System.exit or a
        // shutdown of every pool, never by relying on daemon threads dying with the JVM.
        return new Thread(counted, prefix + "-" + created.incrementAndGet());
    }

    /** How many threads of this factory have started running so far. */
    int started() {
        return running.get();
    }
}
