package dev.poolguard.bootstrap.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class ShrinkingMapTest {

    @Test
    void behavesAsAMap() {
        ShrinkingMap<String, Integer> map = new ShrinkingMap<>();
        map.put("a", 1);
        map.put("b", 2);
        assertEquals(1, map.get("a"));
        assertEquals(2, map.size());
        assertFalse(map.remove("a", 2), "removes only the given value");
        assertTrue(map.remove("a", 1));
        assertEquals(2, map.remove("b"));
        assertNull(map.get("b"));
        assertTrue(map.isEmpty());
    }

    @Test
    void afterABurstItIsCopiedSmallWithEveryLiveEntry() {
        ShrinkingMap<Integer, Integer> map = new ShrinkingMap<>();
        for (int i = 0; i < 10_000; i++) {
            map.put(i, i);
        }
        for (int i = 10; i < 10_000; i++) {
            map.remove(i);
        }
        assertTrue(map.copies() >= 1, "a map fallen to a tenth of its peak is copied into a smaller one");
        assertEquals(10, map.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(i, map.get(i));
        }
    }

    @Test
    void smallMapsAreNeverCopied() {
        ShrinkingMap<Integer, Integer> map = new ShrinkingMap<>();
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < 200; i++) {
                map.put(i, i);
            }
            for (int i = 0; i < 200; i++) {
                map.remove(i);
            }
        }
        assertEquals(0, map.copies());
    }

    /** Writers racing with the copies: no entry is lost or resurrected. */
    @Test
    void concurrentWritersLoseNothingToACopy() throws InterruptedException {
        ShrinkingMap<Integer, Integer> map = new ShrinkingMap<>();
        int threads = 4;
        int rounds = 50;
        int burst = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] writers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int base = t * 1_000_000;
            writers[t] = new Thread(() -> {
                try {
                    start.await();
                    for (int round = 0; round < rounds; round++) {
                        for (int i = 0; i < burst; i++) {
                            map.put(base + i, i);
                        }
                        for (int i = 1; i < burst; i++) { // keeps key `base` alive across every copy
                            if (map.remove(base + i) == null) {
                                throw new AssertionError("entry " + (base + i) + " was lost");
                            }
                        }
                        if (map.get(base) == null) {
                            throw new AssertionError("entry " + base + " was lost");
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            writers[t].start();
        }
        start.countDown();
        for (Thread writer : writers) {
            writer.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        Set<Integer> left = new HashSet<>();
        map.values().forEach(left::add);
        assertEquals(threads, map.size());
        assertEquals(Set.of(0), left, "only each writer's kept entry (value 0) remains");
        assertTrue(map.copies() >= 1, "the bursts made the map copy itself");
        assertEquals(0, map.get(0));
    }
}
