package dev.poolguard.bootstrap.pools;

import dev.poolguard.bootstrap.waits.WaitSlot;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The threads that have handed tasks to one pool: whether the pool can still grow, when only a submission
 * grows it ({@link PoolGrowth.Growth#ON_SUBMISSION}), depends on whether one of them may submit again.
 *
 * <p>At most {@link #SLOTS} distinct threads are kept; one more marks the pool as having many submitters,
 * for good, which counts as "someone may still submit" (the SPR-11418 shape has one outside submitter, a
 * service pool has many callers and grows when they are busy). Each thread is held by a
 * {@link WeakReference}, made once, when the thread first submits to this pool: a submitter that ends is
 * collected as if poolguard were not there, and its place is reused by the next new submitter (as is the
 * place of one that ended but is not collected yet). So nothing here keeps a thread alive, and after a
 * thread's first sighting its submissions cost reads only: the submission hook does not even get here while
 * the thread's {@link WaitSlot} remembers this pool.
 */
public final class PoolSubmitters {
    /** Distinct submitters kept before the pool counts as having many. */
    static final int SLOTS = 8;

    /** Filled from the front; an entry is replaced only when its thread has ended. Written under this lock. */
    private final AtomicReferenceArray<WeakReference<Thread>> seen = new AtomicReferenceArray<>(SLOTS);
    private volatile boolean many;

    /** {@code thread} hands a task to the pool. Reads only, unless the thread is new here. */
    public void submitting(Thread thread) {
        if (!many && !contains(thread)) {
            add(thread);
        }
    }

    /**
     * The pool may have submitters poolguard never saw (it was watched only from {@code attach --watch} on):
     * counted as many, so that its growth is never ruled out.
     */
    void unknownBefore() {
        many = true;
    }

    /** The submitters alive now; null when there are too many to know (anyone may still submit). */
    public List<Thread> liveNow() {
        if (many) {
            return null;
        }
        List<Thread> live = new ArrayList<>(SLOTS);
        for (int i = 0; i < SLOTS; i++) {
            Thread thread = threadAt(i);
            if (thread != null && thread.isAlive()) {
                live.add(thread);
            }
        }
        return live;
    }

    private boolean contains(Thread thread) {
        for (int i = 0; i < SLOTS; i++) {
            WeakReference<Thread> entry = seen.get(i);
            if (entry == null) {
                return false; // filled from the front: nothing further on
            }
            if (entry.get() == thread) {
                return true;
            }
        }
        return false;
    }

    /** A new submitter: the first free place or the place of an ended one; none left: many. */
    private synchronized void add(Thread thread) {
        if (many || contains(thread)) {
            return;
        }
        for (int i = 0; i < SLOTS; i++) {
            Thread there = threadAt(i);
            if (there == null || !there.isAlive()) {
                seen.set(i, new WeakReference<>(thread));
                return;
            }
        }
        many = true;
    }

    private Thread threadAt(int i) {
        WeakReference<Thread> entry = seen.get(i);
        return entry == null ? null : entry.get();
    }
}
