package dev.poolguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whether a pool at its core size, with work queued, may start another worker: every {@code BlockingQueue}
 * of the JDK, bounded and unbounded, with core == max and core < max.
 */
class PoolGrowthTest {
    /** A queue kind, whether it grows a pool past its core while it is not full, and how to make one. */
    record Kind(String name, Supplier<BlockingQueue<?>> make, boolean growsPastCore) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Kind[] KINDS = {
            new Kind("ArrayBlockingQueue(8)", () -> new ArrayBlockingQueue<>(8), true),
            new Kind("LinkedBlockingQueue()", LinkedBlockingQueue::new, false),
            new Kind("LinkedBlockingQueue(8)", () -> new LinkedBlockingQueue<>(8), true),
            new Kind("LinkedBlockingDeque()", LinkedBlockingDeque::new, false),
            new Kind("LinkedBlockingDeque(8)", () -> new LinkedBlockingDeque<>(8), true),
            new Kind("PriorityBlockingQueue", PriorityBlockingQueue::new, false),
            new Kind("DelayQueue", DelayQueue::new, false),
            new Kind("LinkedTransferQueue", LinkedTransferQueue::new, false),
            new Kind("SynchronousQueue", SynchronousQueue::new, true),
            new Kind("ScheduledThreadPoolExecutor's queue", () -> new ScheduledThreadPoolExecutor(1).getQueue(), false),
    };

    static Stream<Arguments> table() {
        return Stream.of(KINDS).flatMap(kind -> Stream.of(
                // size, core, max, expected
                Arguments.of(kind, 1, 2, 4, true),                       // below core: the next submission starts one
                Arguments.of(kind, 2, 2, 2, false),                      // core == max, at max: never
                Arguments.of(kind, 2, 2, 4, kind.growsPastCore()),       // at core, room to max: by queue
                Arguments.of(kind, 4, 2, 4, false)));                    // at max: never
    }

    @ParameterizedTest(name = "{0}: size {1}, core {2}, max {3}")
    @MethodSource("table")
    void growthFollowsTheQueue(Kind kind, int size, int core, int max, boolean expected) {
        BlockingQueue<?> queue = kind.make().get();
        fill(queue);
        assertEquals(expected, PoolGrowth.canGrow(size, core, max, queue));
    }

    /** Some work queued (not full), as in a pool whose workers are all busy. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void fill(BlockingQueue queue) {
        if (queue instanceof SynchronousQueue || queue.getClass().getSimpleName().equals("DelayedWorkQueue")) {
            return; // holds nothing; or holds only scheduled futures (its capacity does not depend on them)
        }
        for (int i = 0; i < 3; i++) {
            queue.offer(queue instanceof DelayQueue ? new Never() : (Object) new Comparable<Object>() {
                @Override
                public int compareTo(Object o) {
                    return 0;
                }
            });
        }
    }

    /** A delayed element that never comes due. */
    private static final class Never implements Delayed {
        @Override
        public long getDelay(java.util.concurrent.TimeUnit unit) {
            return Long.MAX_VALUE;
        }

        @Override
        public int compareTo(Delayed o) {
            return 0;
        }
    }
}
