package dev.poolguard.bootstrap.pools;

import dev.poolguard.bootstrap.GcSupport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {

    /** A key whose equals and hashCode must never be called: identity is all that counts. */
    static final class Hostile {
        final String name;

        Hostile(String name) {
            this.name = name;
        }

        @Override
        public boolean equals(Object other) {
            throw new AssertionError("equals must not be called");
        }

        @Override
        public int hashCode() {
            throw new AssertionError("hashCode must not be called");
        }
    }

    /** Every instance claims to equal every other, with one hash for all. */
    static final class AllEqual {
        @Override
        public boolean equals(Object other) {
            return other instanceof AllEqual;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    @Test
    void equalButDistinctKeysAreDistinctEntries() {
        WeakIdentityMap<String, String> map = new WeakIdentityMap<>();
        String a = new String("key");
        String b = new String("key");
        assertEquals(a, b);
        assertEquals("A", map.computeIfAbsent(a, k -> "A"));
        assertEquals("B", map.computeIfAbsent(b, k -> "B"));
        assertEquals("A", map.get(a));
        assertEquals("B", map.get(b));
        assertNull(map.get(new String("key")));
        assertEquals(2, map.size());
    }

    @Test
    void keysWithBrokenEqualsAndHashCodeWork() {
        WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
        Hostile h1 = new Hostile("1");
        Hostile h2 = new Hostile("2");
        AllEqual e1 = new AllEqual();
        AllEqual e2 = new AllEqual();
        map.computeIfAbsent(h1, k -> "h1");
        map.computeIfAbsent(h2, k -> "h2");
        map.computeIfAbsent(e1, k -> "e1");
        map.computeIfAbsent(e2, k -> "e2");
        assertEquals("h1", map.get(h1));
        assertEquals("h2", map.get(h2));
        assertEquals("e1", map.get(e1));
        assertEquals("e2", map.get(e2));
        assertEquals(4, map.size());
        assertEquals(Set.of("h1", "h2", "e1", "e2"), new HashSet<>(map.values()));
    }

    @Test
    void computeIfAbsentCreatesOnceAndPassesTheKey() {
        WeakIdentityMap<Object, Object> map = new WeakIdentityMap<>();
        Object key = new Object();
        AtomicInteger calls = new AtomicInteger();
        Object first = map.computeIfAbsent(key, k -> {
            calls.incrementAndGet();
            assertSame(key, k);
            return new Object();
        });
        Object second = map.computeIfAbsent(key, k -> {
            calls.incrementAndGet();
            return new Object();
        });
        assertSame(first, second);
        assertSame(first, map.get(key));
        assertEquals(1, calls.get());
    }

    @Test
    void aMissingKeyHasNoValue() {
        WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
        assertNull(map.get(new Object()));
        assertEquals(0, map.size());
        assertTrue(map.values().isEmpty());
    }

    @Test
    void entriesVanishAfterTheirKeyIsCollected() {
        WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
        Object survivor = new Object();
        map.computeIfAbsent(survivor, k -> "survivor");
        WeakReference<Object> dead = addUnreachableKey(map, "dead");
        assertEquals(2, map.size());

        assertTrue(GcSupport.collect(dead), "the key was never collected: the map holds it strongly");
        assertTrue(GcSupport.gcUntil(() -> map.size() == 1), "the stale entry was never purged: size " + map.size());
        assertEquals(List.of("survivor"), map.values());
        assertEquals("survivor", map.get(survivor));
    }

    @Test
    void manyCollectedKeysLeaveNothingBehind() {
        WeakIdentityMap<Object, Integer> map = new WeakIdentityMap<>();
        List<WeakReference<Object>> refs = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            refs.add(addUnreachableKey(map, i));
        }
        assertTrue(GcSupport.gcUntil(() -> map.size() == 0), "entries left: " + map.size());
        for (WeakReference<Object> ref : refs) {
            assertNull(ref.get());
        }
    }

    @Test
    void valuesListsTheLiveEntriesAsACopy() {
        WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
        Object a = new Object();
        Object b = new Object();
        map.computeIfAbsent(a, k -> "a");
        map.computeIfAbsent(b, k -> "b");
        List<String> values = map.values();
        assertEquals(Set.of("a", "b"), new HashSet<>(values));
        values.clear();
        assertEquals(2, map.values().size(), "values() is a copy");
    }

    /** Stores a key nobody else references; returns a reference to know when it was collected. */
    private static <V> WeakReference<Object> addUnreachableKey(WeakIdentityMap<Object, V> map, V value) {
        Object key = new Object();
        map.computeIfAbsent(key, k -> value);
        return new WeakReference<>(key);
    }
}
