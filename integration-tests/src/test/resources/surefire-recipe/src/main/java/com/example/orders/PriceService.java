package com.example.orders;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prices an order: a worker adds up the order's lines, looking each price up as a task of its own. The
 * bug: the lookups go to the worker's own one-thread pool, so the worker waits for a lookup that only
 * it could run. The fix: lookups get a pool of their own.
 */
public final class PriceService implements AutoCloseable {
    private static final Map<String, Long> PRICES = Map.of("apple", 120L, "pear", 95L, "plum", 60L);

    private final ExecutorService workers = Executors.newFixedThreadPool(1);
    private final ExecutorService lookups;

    public PriceService(boolean separateLookupPool) {
        this.lookups = separateLookupPool ? Executors.newFixedThreadPool(2) : workers;
    }

    public long total(List<String> items) throws InterruptedException, ExecutionException {
        Future<Long> total = workers.submit(() -> {
            long sum = 0;
            for (String item : items) {
                sum += lookups.submit(() -> PRICES.get(item)).get();
            }
            return sum;
        });
        return total.get();
    }

    @Override
    public void close() {
        workers.shutdown();
        lookups.shutdown();
    }
}
