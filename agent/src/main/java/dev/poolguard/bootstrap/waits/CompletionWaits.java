package dev.poolguard.bootstrap.waits;

import dev.poolguard.bootstrap.ParkCheck;
import dev.poolguard.bootstrap.PoolguardHooks;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code ExecutorCompletionService.take()} and {@code poll(timeout, unit)} (which {@code invokeAny} uses):
 * they block on the service's completion queue, not on a future. Rewritten, they come here. A result
 * already there is returned without more ado; otherwise the wait is registered on the service itself
 * (the detector asks for its pending tasks, any of which would end it: {@link CompletionServiceTasks}) and
 * polls the queue in slices, checked between slices as {@link PoolguardHooks#park} checks a future's
 * wait. A wait that is not registered (poolguard off, an interrupt pending) blocks as the JDK would.
 */
public final class CompletionWaits {
    private CompletionWaits() {
    }

    public static Object poll(BlockingQueue<?> queue, Object service, boolean timed, long nanos)
            throws InterruptedException {
        Object done = queue.poll();
        if (done != null || timed && nanos <= 0L) {
            return done;
        }
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        PoolguardHooks.waitStarting(service, timed, nanos);
        try {
            while (true) {
                long slice = ParkCheck.beforeParking(); // throws the deadlock in fail mode
                long left = timed ? deadline - System.nanoTime() : Long.MAX_VALUE;
                if (slice == 0L) {
                    return timed ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.take();
                }
                if (left <= 0L) {
                    return queue.poll();
                }
                Object result = slice < 0L ? pollBeforeFirstCheck(queue, Math.min(-slice, left))
                        : pollChecked(queue, Math.min(slice, left));
                if (result != null) {
                    return result;
                }
            }
        } finally {
            PoolguardHooks.waitEnded(service);
        }
    }

    /** Parked before the wait's first check: its own frame, as {@code PoolguardHooks.parkBeforeFirstCheck}. */
    private static Object pollBeforeFirstCheck(BlockingQueue<?> queue, long nanos) throws InterruptedException {
        return queue.poll(nanos, TimeUnit.NANOSECONDS);
    }

    /** Parked after the wait was checked at least once. */
    private static Object pollChecked(BlockingQueue<?> queue, long nanos) throws InterruptedException {
        return queue.poll(nanos, TimeUnit.NANOSECONDS);
    }
}
