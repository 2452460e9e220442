package dev.poolguard.it.programs.lock;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import dev.poolguard.it.programs.Out;

/**
 * The lock the lock programs share, as a {@code ReentrantLock} ({@code reentrant}) or a monitor
 * ({@code monitor}, {@code synchronized} on a {@link Ledger}), chosen by the program's first argument.
 */
final class Guard {
    /** The monitor's object: its class names the lock in the report. */
    static final class Ledger {
    }

    private final ReentrantLock lock;
    private final Ledger monitor;

    private Guard(boolean monitor) {
        this.lock = monitor ? null : new ReentrantLock();
        this.monitor = monitor ? new Ledger() : null;
    }

    static Guard of(String[] args) {
        String kind = args.length == 0 ? "reentrant" : args[0];
        if (!kind.equals("reentrant") && !kind.equals("monitor")) {
            throw new IllegalArgumentException("lock kind: reentrant or monitor, not " + kind);
        }
        return new Guard(kind.equals("monitor"));
    }

    /** Runs {@code body} holding the lock. */
    <T> T holding(Callable<T> body) throws Exception {
        if (lock != null) {
            lock.lock();
            try {
                return body.call();
            } finally {
                lock.unlock();
            }
        }
        synchronized (monitor) {
            return body.call();
        }
    }

    /** Takes the lock, to give it back with {@link #unlock} (a ReentrantLock only). */
    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /** Whether {@code thread} is blocked acquiring this lock now. */
    boolean blocks(Thread thread) {
        return lock != null ? lock.hasQueuedThread(thread) : thread.getState() == Thread.State.BLOCKED;
    }

    /** Waits, 10 s at most, until {@code thread} is blocked acquiring this lock; prints a line if never. */
    void awaitBlocked(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!blocks(thread)) {
            if (System.nanoTime() > deadline) {
                Out.line("NEVER BLOCKED " + thread.getName());
                return;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
