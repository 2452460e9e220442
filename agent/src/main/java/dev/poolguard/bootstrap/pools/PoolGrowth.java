package dev.poolguard.bootstrap.pools;

import dev.poolguard.bootstrap.waits.LiveWaitModel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * Whether a {@code ThreadPoolExecutor} may still start a worker for work it holds, judged the way
 * {@code execute} grows a pool. A pool starts a worker only inside {@code execute} (or to replace one
 * that exits, which {@link LiveWaitModel#canStartWorker} sees apart): below its core size, for any
 * submission; at or past its core size, for a submission that its queue refuses, up to its maximum. So:
 * <ul>
 * <li>at its maximum it never grows;</li>
 * <li>a hand-off queue ({@code SynchronousQueue}) refuses whenever no worker is idle, so the pool grows up
 *     to its maximum (and never holds a task waiting for a worker);</li>
 * <li>an unbounded queue never refuses, so the pool never grows past its core: the JDK's
 *     {@code LinkedBlockingQueue()}, {@code LinkedBlockingDeque()}, {@code LinkedTransferQueue},
 *     {@code PriorityBlockingQueue}, {@code DelayQueue} and {@code ScheduledThreadPoolExecutor}'s queue;</li>
 * <li>a bounded queue ({@code ArrayBlockingQueue}, {@code LinkedBlockingQueue(n)},
 *     {@code LinkedBlockingDeque(n)}), full or not, and a pool below its core size, grow the pool only when
 *     somebody submits: enough tasks to fill the queue, or one below the core. Whether somebody still can is
 *     {@link Growth#ON_SUBMISSION}, for the caller to decide from the pool's submitters
 *     ({@link PoolSubmitters}, {@code GrowthBySubmission}): every thread that submitted to it has ended or is
 *     blocked for good (its own workers: in a long wait) means never; anyone else may still submit.</li>
 * </ul>
 * A queue class that is not the JDK's own (a subclass, or an application's queue) is judged like a bounded
 * one whatever its capacity, because its {@code offer} may refuse on its own terms: Tomcat's
 * {@code TaskQueue}, an unbounded {@code LinkedBlockingQueue}, refuses while the pool is below its
 * maximum, to make it grow first. Reads no lock.
 */
public final class PoolGrowth {
    /**
     * Past this many free places a queue counts as unbounded: {@code LinkedBlockingQueue()} reports
     * {@code Integer.MAX_VALUE} minus what it holds (so "not MAX_VALUE" is no test: issue 13, shape 8), the
     * priority, delay and transfer queues {@code MAX_VALUE}.
     */
    private static final int UNBOUNDED_REMAINING = Integer.MAX_VALUE / 2;

    /** How a pool may get another worker. */
    public enum Growth {
        /** It will not: at its maximum, or past its core with a queue that never refuses. */
        NEVER,
        /** It does whenever it needs one, up to its maximum: a hand-off queue. */
        BY_ITSELF,
        /** Only when a task is submitted: below its core, or with a bounded queue that must fill first. */
        ON_SUBMISSION
    }

    private PoolGrowth() {
    }

    /** @param size the pool's workers now */
    public static Growth growth(int size, int core, int max, BlockingQueue<?> queue) {
        if (size >= max) {
            return Growth.NEVER;
        }
        if (size < core) {
            return Growth.ON_SUBMISSION; // execute starts a core worker for any task it is given
        }
        if (queue instanceof SynchronousQueue) {
            return Growth.BY_ITSELF;
        }
        if (queue.getClass().getClassLoader() != null) {
            return Growth.ON_SUBMISSION; // not the JDK's queue: its offer may refuse, whatever its capacity
        }
        return queue.remainingCapacity() > UNBOUNDED_REMAINING ? Growth.NEVER : Growth.ON_SUBMISSION;
    }
}
