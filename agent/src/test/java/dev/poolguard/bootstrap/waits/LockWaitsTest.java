package dev.poolguard.bootstrap.waits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LockWaits} on real threads, without an agent: who owns the lock a thread is blocked acquiring, and
 * the waits that are no lock wait (Object.wait, a read lock's readers, a latch, a sleep) answered "none".
 */
class LockWaitsTest {
    private final List<Thread> started = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseAll() throws InterruptedException {
        release.countDown();
        for (Thread thread : started) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    @Test
    void reentrantLockOwnedByAnotherThread() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Thread owner = holding(lock::lock, lock::unlock);
        Thread waiter = start("waiter", lock::lock, lock::unlock);
        awaitState(waiter, t -> LockSupport.getBlocker(t) != null);

        LockWaits locks = new LockWaits();
        assertSame(owner, locks.ownerBlocking(waiter));
        LockWaits.LockWait wait = locks.waitOf(waiter);
        assertNotNull(wait);
        assertTrue(wait.lock().startsWith("java.util.concurrent.locks.ReentrantLock$NonfairSync@"), wait.lock());
        assertEquals("owner", wait.ownerName());
        assertFalse(wait.timed());
        assertEquals(wait.lock() + " owned by 'owner'", wait.held().text());
        assertNull(locks.ownerBlocking(owner), "the owner itself waits for nothing");
    }

    @Test
    void tryLockWithATimeoutIsATimedLockWait() throws Exception {
        ReentrantLock lock = new ReentrantLock(true);
        Thread owner = holding(lock::lock, lock::unlock);
        Thread waiter = start("waiter", () -> lock.tryLock(1, TimeUnit.MINUTES), () -> { });
        awaitState(waiter, t -> t.getState() == Thread.State.TIMED_WAITING && LockSupport.getBlocker(t) != null);

        LockWaits locks = new LockWaits();
        assertSame(owner, locks.ownerBlocking(waiter));
        assertTrue(locks.timed(waiter));
        assertTrue(locks.waitOf(waiter).lock().startsWith("java.util.concurrent.locks.ReentrantLock$FairSync@"));
    }

    @Test
    void writeLockOwnedByAnotherWriter() throws Exception {
        ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        Thread owner = holding(lock.writeLock()::lock, lock.writeLock()::unlock);
        Thread waiter = start("waiter", lock.writeLock()::lock, lock.writeLock()::unlock);
        awaitState(waiter, t -> LockSupport.getBlocker(t) != null);

        assertSame(owner, new LockWaits().ownerBlocking(waiter));
    }

    @Test
    void aReaderWaitsForTheWriterThatHoldsTheWriteLock() throws Exception {
        ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        Thread owner = holding(lock.writeLock()::lock, lock.writeLock()::unlock);
        Thread reader = start("reader", lock.readLock()::lock, lock.readLock()::unlock);
        awaitState(reader, t -> LockSupport.getBlocker(t) != null);

        assertSame(owner, new LockWaits().ownerBlocking(reader));
    }

    @Test
    void aWriterBehindReadersHasNoOwnerToWaitFor() throws Exception {
        ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        holding(lock.readLock()::lock, lock.readLock()::unlock);
        Thread writer = start("writer", lock.writeLock()::lock, lock.writeLock()::unlock);
        awaitState(writer, t -> LockSupport.getBlocker(t) != null);

        assertNull(new LockWaits().ownerBlocking(writer), "read locks have no owner: unknown, so progress");
        assertNull(LockWaits.of(writer));
    }

    @Test
    void monitorOwnedByAnotherThread() throws Exception {
        Object monitor = new Object();
        CountDownLatch entered = new CountDownLatch(1);
        Thread owner = start("owner", () -> {
            synchronized (monitor) {
                entered.countDown();
                release.await();
            }
        }, () -> { });
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        Thread waiter = start("waiter", () -> {
            synchronized (monitor) {
                monitor.hashCode();
            }
        }, () -> { });
        awaitState(waiter, t -> t.getState() == Thread.State.BLOCKED);

        LockWaits locks = new LockWaits();
        assertSame(owner, locks.ownerBlocking(waiter));
        assertEquals("java.lang.Object@" + Integer.toHexString(System.identityHashCode(monitor)),
                locks.waitOf(waiter).lock());
        assertFalse(locks.timed(waiter));
    }

    /**
     * A thread in Object.wait released the monitor: not a lock wait, even while another thread holds the
     * monitor (the JVM names that thread as the monitor's owner there too).
     */
    @Test
    void objectWaitIsNoLockWaitEvenWhileTheMonitorIsHeld() throws Exception {
        Object monitor = new Object();
        Thread waiter = start("waiter", () -> {
            synchronized (monitor) {
                monitor.wait();
            }
        }, () -> { });
        awaitState(waiter, t -> t.getState() == Thread.State.WAITING);
        synchronized (monitor) {
            assertNull(new LockWaits().ownerBlocking(waiter));
            assertNull(LockWaits.of(waiter));
        }
    }

    /** Parked on a latch or a semaphore (ownable synchronizers in type), asleep, or running: no lock wait. */
    @Test
    void latchesSemaphoresSleepsAndRunningThreadsAreNoLockWaits() throws Exception {
        Semaphore none = new Semaphore(0);
        Thread latch = start("latch", release::await, () -> { });
        Thread semaphore = start("semaphore", none::acquire, () -> { });
        Thread sleeper = start("sleeper", () -> Thread.sleep(60_000), () -> { });
        awaitState(latch, t -> t.getState() == Thread.State.WAITING);
        awaitState(semaphore, t -> t.getState() == Thread.State.WAITING);
        awaitState(sleeper, t -> t.getState() == Thread.State.TIMED_WAITING);

        LockWaits locks = new LockWaits();
        assertNull(locks.ownerBlocking(latch));
        assertNull(locks.ownerBlocking(semaphore));
        assertNull(locks.ownerBlocking(sleeper));
        assertNull(locks.ownerBlocking(Thread.currentThread()));
        assertNull(locks.ownerBlocking(null));
        assertNull(locks.waitOf(latch));
    }

    /** The owner's name as the JVM had it; the owner is found only among live platform threads. */
    @Test
    void anOwnerThatEndedIsUnknown() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Thread owner = new Thread(lock::lock, "leaves-it-locked");
        owner.start();
        owner.join();
        Thread waiter = start("waiter", lock::lockInterruptibly, () -> { });
        awaitState(waiter, t -> LockSupport.getBlocker(t) != null);

        assertNull(new LockWaits().ownerBlocking(waiter), "its owner ended: no live thread to wait for");
    }

    // ---- helpers

    /** A thread named "owner" that took the lock (through {@code take}) and holds it until the test ends. */
    private Thread holding(Step take, Step giveBack) throws InterruptedException {
        CountDownLatch taken = new CountDownLatch(1);
        Thread owner = start("owner", () -> {
            take.run();
            try {
                taken.countDown();
                release.await();
            } finally {
                giveBack.run(); // even when interrupted: the waiters behind it must get through
            }
        }, () -> { });
        assertTrue(taken.await(10, TimeUnit.SECONDS));
        return owner;
    }

    private Thread start(String name, Step body, Step after) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
                after.run();
            } catch (InterruptedException expected) {
                // released
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, name);
        thread.setDaemon(true);
        started.add(thread);
        thread.start();
        return thread;
    }

    /** Waits (10 s at most) until {@code thread} shows {@code state}: the only way to see a thread block. */
    private static void awaitState(Thread thread, Predicate<Thread> state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!state.test(thread)) {
            if (System.nanoTime() > deadline) {
                fail(thread.getName() + " never got there: " + thread.getState());
            }
            Thread.sleep(1);
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
