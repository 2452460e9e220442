package dev.poolguard.bootstrap.pools;

import static dev.poolguard.bootstrap.pools.PoolGrowth.Growth.BY_ITSELF;
import static dev.poolguard.bootstrap.pools.PoolGrowth.Growth.NEVER;
import static dev.poolguard.bootstrap.pools.PoolGrowth.Growth.ON_SUBMISSION;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.bootstrap.pools.PoolGrowth.Growth;

/**
 * How a pool may get another worker, by its size and queue: every {@code BlockingQueue} of the JDK, bounded
 * and unbounded, with core == max and core < max, its queue empty, partly full and full, the pool below its
 * core, at its core, between core and max, and at its max. Who may still submit is {@code GrowthBySubmission}'s
 * question ({@code GrowthBySubmissionTest}, and on real pools {@code PoolGrowthOnPoolsTest}).
 */
class PoolGrowthTest {
    /** A queue's class of growth past the core: hand-off, unbounded (never), bounded (when filled). */
    enum Capacity { HAND_OFF, UNBOUNDED, BOUNDED }

    /** A queue kind and how to make one holding {@code n} tasks. */
    record Kind(String name, Capacity capacity, Supplier<BlockingQueue<Runnable>> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Bounded queues hold this many; "full" fills them, "partly" puts two in, "empty" nothing. */
    static final int CAPACITY = 4;
    /** The schedulers whose queues the table uses (their queues take only their own scheduled tasks). */
    private static final List<ScheduledThreadPoolExecutor> SCHEDULERS = new java.util.concurrent.CopyOnWriteArrayList<>();

    static final Kind[] KINDS = {
            new Kind("ArrayBlockingQueue(4)", Capacity.BOUNDED, () -> new ArrayBlockingQueue<>(CAPACITY)),
            new Kind("LinkedBlockingQueue()", Capacity.UNBOUNDED, LinkedBlockingQueue::new),
            new Kind("LinkedBlockingQueue(4)", Capacity.BOUNDED, () -> new LinkedBlockingQueue<>(CAPACITY)),
            new Kind("LinkedBlockingDeque()", Capacity.UNBOUNDED, LinkedBlockingDeque::new),
            new Kind("LinkedBlockingDeque(4)", Capacity.BOUNDED, () -> new LinkedBlockingDeque<>(CAPACITY)),
            new Kind("PriorityBlockingQueue", Capacity.UNBOUNDED, PriorityBlockingQueue::new),
            new Kind("DelayQueue", Capacity.UNBOUNDED, PoolGrowthTest::delayQueue),
            new Kind("LinkedTransferQueue", Capacity.UNBOUNDED, LinkedTransferQueue::new),
            new Kind("SynchronousQueue", Capacity.HAND_OFF, SynchronousQueue::new),
            new Kind("ScheduledThreadPoolExecutor's queue", Capacity.UNBOUNDED,
                    PoolGrowthTest::scheduledQueue),
            new Kind("LinkedBlockingQueue() subclass", Capacity.BOUNDED, () -> new LinkedBlockingQueue<>() { }),
    };

    enum Fill { EMPTY, PARTLY, FULL }

    @AfterAll
    static void stop() {
        SCHEDULERS.forEach(ScheduledThreadPoolExecutor::shutdownNow);
    }

    private static BlockingQueue<Runnable> scheduledQueue() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        SCHEDULERS.add(scheduler);
        return scheduler.getQueue();
    }

    /** Every kind, fill, core/max pair and size; the expected growth follows from the pool's size and the kind. */
    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        for (Kind kind : KINDS) {
            for (Fill fill : Fill.values()) {
                if (kind.capacity() == Capacity.HAND_OFF && fill != Fill.EMPTY) {
                    continue; // holds nothing
                }
                // core == max (2, 2)
                rows.add(Arguments.of(kind, fill, 1, 2, 2, ON_SUBMISSION)); // below core: any submission starts one
                rows.add(Arguments.of(kind, fill, 2, 2, 2, NEVER));         // at max
                // core < max (2, 4)
                rows.add(Arguments.of(kind, fill, 1, 2, 4, ON_SUBMISSION)); // below core
                rows.add(Arguments.of(kind, fill, 2, 2, 4, pastCore(kind))); // at core: by its queue
                rows.add(Arguments.of(kind, fill, 3, 2, 4, pastCore(kind))); // between core and max
                rows.add(Arguments.of(kind, fill, 4, 2, 4, NEVER));         // at max
                rows.add(Arguments.of(kind, fill, 5, 2, 4, NEVER));         // above max (max lowered while busy)
            }
        }
        return rows.stream();
    }

    private static Growth pastCore(Kind kind) {
        return switch (kind.capacity()) {
            case HAND_OFF -> BY_ITSELF;
            case UNBOUNDED -> NEVER;
            case BOUNDED -> ON_SUBMISSION; // full or not: a submission fills it, or finds it full
        };
    }

    @ParameterizedTest(name = "{0} {1}: size {2}, core {3}, max {4}")
    @MethodSource("table")
    void growthFollowsTheSizeAndTheQueue(Kind kind, Fill fill, int size, int core, int max, Growth expected) {
        BlockingQueue<Runnable> queue = kind.make().get();
        fill(queue, fill);
        assertEquals(expected, PoolGrowth.growth(size, core, max, queue));
    }

    private static void fill(BlockingQueue<Runnable> queue, Fill fill) {
        int n = switch (fill) {
            case EMPTY -> 0;
            case PARTLY -> 2;
            case FULL -> CAPACITY;
        };
        for (ScheduledThreadPoolExecutor scheduler : SCHEDULERS) {
            if (scheduler.getQueue() == queue) {
                for (int i = 0; i < n; i++) {
                    scheduler.schedule(() -> { }, 1, TimeUnit.DAYS); // into its own queue, never due
                }
                return;
            }
        }
        for (int i = 0; i < n; i++) {
            boolean added = queue.offer(new Never());
            if (!added) {
                throw new AssertionError("could not fill " + queue.getClass());
            }
        }
        if (fill == Fill.FULL && queue.remainingCapacity() < Integer.MAX_VALUE / 2) {
            assertEquals(0, queue.remainingCapacity(), "a full bounded queue");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static BlockingQueue<Runnable> delayQueue() {
        return (BlockingQueue) new DelayQueue<Never>();
    }

    /** A task that is also delayed (never due) and comparable, so that every other queue takes it. */
    static final class Never implements Runnable, java.util.concurrent.Delayed {
        @Override
        public void run() {
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return Long.MAX_VALUE;
        }

        @Override
        public int compareTo(java.util.concurrent.Delayed o) {
            return 0;
        }
    }
}
