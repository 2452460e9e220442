package dev.poolguard.bootstrap.pools;

import java.util.Arrays;

/**
 * Copy-on-write arrays for sets that are read on every blocking wait and written only when a worker or
 * a pool comes or goes: readers take the array in a volatile field and iterate it without a lock, an
 * iterator or a copy. Writers replace the field under a lock of their own; these helpers only build the
 * new array.
 */
final class CopyOnWriteArrays {
    private CopyOnWriteArrays() {
    }

    /** {@code array} with {@code element} appended. */
    static <T> T[] plus(T[] array, T element) {
        T[] after = Arrays.copyOf(array, array.length + 1);
        after[array.length] = element;
        return after;
    }

    /**
     * {@code array} without the first occurrence of {@code element} (compared by identity), {@code empty}
     * when nothing is left, or {@code array} itself when the element is not in it.
     */
    static <T> T[] minus(T[] array, T element, T[] empty) {
        for (int i = 0; i < array.length; i++) {
            if (array[i] == element) {
                if (array.length == 1) {
                    return empty;
                }
                T[] after = Arrays.copyOf(array, array.length - 1);
                System.arraycopy(array, i + 1, after, i, array.length - i - 1);
                return after;
            }
        }
        return array;
    }
}
