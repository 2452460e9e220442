package dev.poolguard.bootstrap.stalls;

import java.lang.ref.WeakReference;

/**
 * The stall decision for one pool over time, from what the watcher samples: plain data in, no threads,
 * no clock of its own (the caller passes {@code System.nanoTime()} values), so it is tested table-driven.
 *
 * <p>A pool is sampled every interval. What it holds at the head of its queue is remembered (weakly: a
 * task that ran is not kept alive by poolguard) with the time it was first seen there. Work started
 * when the head changed, the queue emptied, or the pool's count of completed tasks moved (the same
 * task object may be queued again and again). Once a head has stayed at least the stall time, the
 * caller looks at the workers ({@link Step#LOOK}); a stall is reported once, and not again until work
 * starts in the pool.
 */
final class StallClock {
    /** What the caller does after a sample. */
    enum Step {
        /** Nothing queued, or not for long enough, or already reported: nothing to look at. */
        WAIT,
        /** A queued task has not started for the stall time: look whether every worker is blocked. */
        LOOK
    }

    /** For {@link #sample}: the completed count was not read (it costs the pool's lock). */
    static final long NOT_READ = -1L;

    private final long stallNanos;
    private WeakReference<Object> head;
    private long headSince;
    private long completed = NOT_READ;
    private boolean reported;
    private boolean sampled;
    private long lastSample;
    /**
     * The sample before the one that last saw work start: what happened in the pool before this time is
     * over. A deadlock reported after it may be what stops the pool now.
     */
    private long progressAfter;
    private boolean progressSeen;

    StallClock(long stallNanos) {
        this.stallNanos = stallNanos;
    }

    /**
     * Whether {@code head} is the head remembered from the last sample, so the caller knows whether it
     * must read the completed count (only then does it matter).
     */
    boolean sameHead(Object current) {
        return current != null && head != null && head.get() == current;
    }

    /**
     * One sample at {@code now}: {@code current} is the queue's head (null when nothing is queued, or
     * nothing is due yet), {@code completedNow} the pool's completed-task count, or {@link #NOT_READ}.
     */
    Step sample(long now, Object current, long completedNow) {
        boolean started = !sameHead(current)
                || completedNow != NOT_READ && completed != NOT_READ && completedNow != completed;
        if (!sampled || started) {
            // the first sample counts as "started" too: what came before poolguard looked is unknown
            progressAfter = lastSample;
            progressSeen = sampled;
            head = current == null ? null : new WeakReference<>(current);
            headSince = now;
            reported = false;
        }
        if (completedNow != NOT_READ) {
            completed = completedNow;
        } else if (started) {
            completed = NOT_READ; // not read with this head yet: the next read sets it, it does not count as work
        }
        sampled = true;
        lastSample = now;
        if (current == null || reported || now - headSince < stallNanos) {
            return Step.WAIT;
        }
        return Step.LOOK;
    }

    /** How long the current head has been seen waiting, in milliseconds. */
    long waitedMillis(long now) {
        return (now - headSince) / 1_000_000L;
    }

    /** The stall was reported (or left unreported on purpose): not again until work starts. */
    void reported() {
        reported = true;
    }

    boolean isReported() {
        return reported;
    }

    /**
     * Whether a deadlock reported at {@code deadlockAt} (System.nanoTime) may be what holds this pool now:
     * it was reported after the sample before the last one that saw work start (or work was never seen to
     * start since the watch began). Such a pool was reported as a deadlock already, and is not reported
     * again as a stall.
     */
    boolean explainedBy(long deadlockAt) {
        return !progressSeen || deadlockAt - progressAfter > 0L;
    }
}
