package dev.poolguard.bootstrap.waits;

import dev.poolguard.bootstrap.pools.WorkerRecord;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The waits that other threads' analyses can see: only those parked long enough to have been analysed
 * once ({@link WaitSlot#FIRST_CHECK_NANOS}). A deadlock is made only of such waits, so its last wait to
 * be entered sees all the others; a wait answered quickly never enters, so the graph's size follows
 * the long waits of the program, not its load.
 */
public final class WaitGraph {
    private final ConcurrentHashMap<Thread, WaitSlot> waits = new ConcurrentHashMap<>();

    /** The calling thread enters its own wait; once per wait, at its first analysis. */
    public void enter(WaitSlot slot) {
        if (!slot.inGraph) {
            slot.inGraph = true;
            waits.put(slot.thread, slot);
            WorkerRecord worker = slot.worker;
            if (worker != null) {
                worker.pool.longWaiters.incrementAndGet();
            } else {
                ForkJoinWaits.entered(slot.thread); // a ForkJoinPool worker's, if it is one
            }
            // Two waits entering at once must not both miss each other: the store above must be seen
            // before this thread reads what others entered (their checks repeat anyway, later).
            VarHandle.fullFence();
        }
    }

    /** The calling thread's wait leaves the graph (it ended, or is suspended). */
    public void leave(WaitSlot slot) {
        if (slot.inGraph) {
            slot.inGraph = false;
            waits.remove(slot.thread, slot);
            WorkerRecord worker = slot.worker;
            if (worker != null) {
                worker.pool.longWaiters.decrementAndGet();
            } else {
                ForkJoinWaits.left(slot.thread);
            }
        }
    }

    /** The slot of {@code thread}'s wait if it is in the graph, else null. */
    WaitSlot slotOf(Thread thread) {
        return waits.get(thread);
    }

    /** The future {@code thread} waits on, if its wait is in the graph; else null. */
    Object futureOf(Thread thread) {
        WaitSlot slot = waits.get(thread);
        return slot == null ? null : slot.future;
    }

    /** Whether {@code thread}'s wait in the graph has a timeout. */
    boolean timed(Thread thread) {
        WaitSlot slot = waits.get(thread);
        return slot != null && slot.timed;
    }

}
