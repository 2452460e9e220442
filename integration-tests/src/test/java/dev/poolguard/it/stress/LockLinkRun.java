package dev.poolguard.it.stress;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import dev.poolguard.it.stress.StressGen.LockLink;

/**
 * The lock of a CYCLE's {@link LockLink} at run time: the first member holds it while it waits; the lock link (a
 * task on a plain thread) blocks acquiring it, and the first member begins its wait only once it has.
 */
final class LockLinkRun {
    private final ReentrantLock lock;
    private final Object monitor;
    private final CountDownLatch held = new CountDownLatch(1);
    private volatile Thread linkThread;

    LockLinkRun(LockLink kind) {
        this.lock = kind == LockLink.REENTRANT ? new ReentrantLock() : null;
        this.monitor = kind == LockLink.MONITOR ? new Object() : null;
    }

    /** The first member: takes the lock, waits (10 s at most) until the link is blocked on it, then runs its wait. */
    <T> T holding(Callable<T> wait) throws Exception {
        if (lock != null) {
            lock.lock();
            try {
                held.countDown();
                StressChild.spinUntil(this::linkBlocked, 10_000);
                return wait.call();
            } finally {
                lock.unlock();
            }
        }
        synchronized (monitor) {
            held.countDown();
            StressChild.spinUntil(this::linkBlocked, 10_000);
            return wait.call();
        }
    }

    /** The lock link's task: once the first member holds the lock, acquires it (and blocks), then lets it go. */
    Callable<Integer> link() {
        return () -> {
            linkThread = Thread.currentThread();
            held.await(10, TimeUnit.SECONDS);
            if (lock != null) {
                lock.lock();
                lock.unlock();
            } else {
                synchronized (monitor) {
                    monitor.hashCode();
                }
            }
            return -1;
        };
    }

    Thread linkThread() {
        return linkThread;
    }

    private boolean linkBlocked() {
        Thread t = linkThread;
        return t != null && (lock != null ? lock.hasQueuedThread(t) : t.getState() == Thread.State.BLOCKED);
    }
}
