package dev.poolguard.agent.attach;

/**
 * A pool's readable id as the agent builds it ({@code PoolRecord.id()}): simple type name, sequence
 * number, thread-name prefix of its first worker, for example {@code ThreadPoolExecutor#1(app-pool-)}.
 * Numbered in the order the snapshot met the pools.
 */
final class PoolNames {
    private PoolNames() {
    }

    static String id(Class<?> type, int sequence, String firstWorkerName) {
        String simple = type.getSimpleName();
        if (simple.isEmpty()) {
            String name = type.getName();
            simple = name.substring(name.lastIndexOf('.') + 1);
        }
        return simple + "#" + sequence + prefix(firstWorkerName);
    }

    private static String prefix(String name) {
        if (name == null) {
            return "";
        }
        int end = name.length();
        while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
            end--;
        }
        return end == 0 ? "" : "(" + name.substring(0, end) + ")";
    }
}
