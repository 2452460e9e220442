package dev.poolguard.bootstrap.stalls;

import java.util.List;

/**
 * A stall as the {@code stall} event describes it: a pool whose queued task has not started for the
 * {@code stall} time while every worker of the pool is blocked.
 *
 * @param pool               the pool's id
 * @param queued             tasks queued in it now
 * @param oldestQueuedMillis how long its oldest queued task has waited to start, as poolguard saw it (from
 *                           the first sample that found it at the head of the queue)
 * @param threads            every worker of the pool, each blocked
 */
public record StallReport(String pool, int queued, long oldestQueuedMillis, List<Worker> threads) {

    /** One blocked worker: {@code task} null when unknown, {@code blockedOn} in words. */
    public record Worker(String thread, String task, String blockedOn, StackTraceElement[] stack) { }
}
