package dev.poolguard.bootstrap;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * Whether a {@code ThreadPoolExecutor} may still start a worker for work it holds, judged by its queue the
 * way {@code execute} grows a pool: below the core size the next submission starts a worker; past it, only
 * a submission that the queue refuses does. So a hand-off queue ({@code SynchronousQueue}) grows the pool
 * up to its maximum, an unbounded queue never grows it past its core (it never refuses), and a bounded one
 * grows it once a submission finds it full. Reads no lock.
 */
final class PoolGrowth {
    /**
     * Past this many free places a queue counts as unbounded: {@code LinkedBlockingQueue()} reports
     * {@code Integer.MAX_VALUE} minus what it holds, the priority and delay queues {@code MAX_VALUE}.
     */
    private static final int UNBOUNDED_REMAINING = Integer.MAX_VALUE / 2;

    private PoolGrowth() {
    }

    /**
     * @param size the pool's workers now
     * @return whether it may start another worker for queued work (true when unsure)
     */
    static boolean canGrow(int size, int core, int max, BlockingQueue<?> queue) {
        if (size < core) {
            return true;
        }
        if (size >= max) {
            return false;
        }
        if (queue instanceof SynchronousQueue) {
            return true; // every submission that finds no idle worker starts one, up to the maximum
        }
        // An unbounded queue accepts every task, so the pool never grows past its core. A bounded one that
        // is not full grows the pool only when someone fills it: counted as possible (issue 13 refines it).
        return queue.remainingCapacity() <= UNBOUNDED_REMAINING;
    }
}
