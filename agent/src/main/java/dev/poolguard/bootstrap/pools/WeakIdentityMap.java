package dev.poolguard.bootstrap.pools;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A concurrent map keyed by object identity that holds its keys weakly (the JDK has no such map).
 * Values must not refer to their key strongly, or the key never goes. Stale entries are purged on
 * every insertion, so the map never outgrows the live keys by more than what died since.
 * Lookups allocate one small key object: use it on cold paths only.
 */
public final class WeakIdentityMap<K, V> {
    private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
    private final ReferenceQueue<K> collected = new ReferenceQueue<>();

    V get(K key) {
        return map.get(new Lookup(key));
    }

    public V computeIfAbsent(K key, Function<K, V> create) {
        V value = map.get(new Lookup(key));
        if (value != null) {
            return value;
        }
        purge();
        return map.computeIfAbsent(new WeakKey<>(key, collected), new Create<>(key, create));
    }

    /**
     * {@code create} applied to the key itself (not to its weak wrapper). A class, not a lambda: the map's
     * first insertion happens at the first pool's first worker, often while the JVM starts, where spinning
     * a lambda class costs about a millisecond.
     */
    private static final class Create<K, V> implements Function<Object, V> {
        private final K key;
        private final Function<K, V> create;

        Create(K key, Function<K, V> create) {
            this.key = key;
            this.create = create;
        }

        @Override
        public V apply(Object weakKey) {
            return create.apply(key);
        }
    }

    List<V> values() {
        purge();
        return new ArrayList<>(map.values());
    }

    int size() {
        purge();
        return map.size();
    }

    private void purge() {
        Reference<? extends K> stale;
        while ((stale = collected.poll()) != null) {
            map.remove(stale);
        }
    }

    /** A stored key. Equal to a lookup or stored key for the same referent while it lives. */
    private static final class WeakKey<K> extends WeakReference<K> {
        private final int hash;

        WeakKey(K referent, ReferenceQueue<K> queue) {
            super(referent, queue);
            this.hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            Object mine = get();
            if (mine == null) {
                return false; // a collected key only equals itself, so remove(stale) finds it
            }
            if (other instanceof WeakKey) {
                return mine == ((WeakKey<?>) other).get();
            }
            return other instanceof Lookup && mine == ((Lookup) other).referent;
        }
    }

    /** A transient key for lookups. */
    private static final class Lookup {
        final Object referent;

        Lookup(Object referent) {
            this.referent = referent;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(referent);
        }

        @Override
        public boolean equals(Object other) {
            if (other instanceof Lookup) {
                return referent == ((Lookup) other).referent;
            }
            return other instanceof WeakKey && referent == ((WeakKey<?>) other).get();
        }
    }
}
