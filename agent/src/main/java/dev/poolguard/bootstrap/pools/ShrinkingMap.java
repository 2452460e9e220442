package dev.poolguard.bootstrap.pools;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.StampedLock;

/**
 * A concurrent map whose memory follows its live entries, not their peak. A {@link ConcurrentHashMap}
 * never shrinks its table: after a burst of 10,000 workers it keeps 10,000 slots forever, which is
 * memory kept for threads that are long dead. This one copies itself into a right-sized map once it has
 * fallen to an eighth of its peak.
 *
 * <p>Contract: reads ({@link #get}, {@link #values}) are lock-free and see the current map. Writes run
 * concurrently with each other (they share a {@link StampedLock}'s read mode, one CAS, no allocation);
 * only the rare copy takes it exclusively, so no write is lost to it. The lock is a leaf: nothing is
 * called while it is held but the map's own methods. Used where entries come and go with workers
 * (spawn and exit), never per task.
 */
final class ShrinkingMap<K, V> {
    /** Below this peak the table is small enough to keep (about 2 KB of slots). */
    private static final int MIN_PEAK_TO_SHRINK = 256;

    private final StampedLock copying = new StampedLock();
    private volatile ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();
    /** The most entries held since the last copy. Racy on purpose: it only decides when to copy. */
    private int peak;
    /** How many times the map was copied smaller; for tests. */
    private volatile int copies;

    V get(K key) {
        return map.get(key);
    }

    void put(K key, V value) {
        long stamp = copying.readLock();
        try {
            ConcurrentHashMap<K, V> current = map;
            current.put(key, value);
            int size = current.size();
            if (size > peak) {
                peak = size;
            }
        } finally {
            copying.unlockRead(stamp);
        }
    }

    V remove(K key) {
        V removed;
        int size;
        long stamp = copying.readLock();
        try {
            ConcurrentHashMap<K, V> current = map;
            removed = current.remove(key);
            size = current.size();
        } finally {
            copying.unlockRead(stamp);
        }
        shrinkIfSparse(size);
        return removed;
    }

    boolean remove(K key, V value) {
        boolean removed;
        int size;
        long stamp = copying.readLock();
        try {
            ConcurrentHashMap<K, V> current = map;
            removed = current.remove(key, value);
            size = current.size();
        } finally {
            copying.unlockRead(stamp);
        }
        shrinkIfSparse(size);
        return removed;
    }

    /** A weakly consistent view of the current map's values (iterating it allocates one iterator). */
    Collection<V> values() {
        return map.values();
    }

    int size() {
        return map.size();
    }

    boolean isEmpty() {
        return map.isEmpty();
    }

    int copies() {
        return copies;
    }

    private void shrinkIfSparse(int size) {
        if (peak < MIN_PEAK_TO_SHRINK || size >= peak / 8) {
            return;
        }
        long stamp = copying.tryWriteLock();
        if (stamp == 0) {
            return; // writers are busy: the next removal tries again
        }
        try {
            ConcurrentHashMap<K, V> current = map;
            int now = current.size();
            if (peak >= MIN_PEAK_TO_SHRINK && now < peak / 8) {
                map = new ConcurrentHashMap<>(current); // sized for `now`, not for the peak
                peak = now;
                copies++; // under the exclusive lock
            }
        } finally {
            copying.unlockWrite(stamp);
        }
    }
}
