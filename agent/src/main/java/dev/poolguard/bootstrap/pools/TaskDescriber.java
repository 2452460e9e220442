package dev.poolguard.bootstrap.pools;

/**
 * Names a task for a person. {@code toString()} is the best name a task has (a {@code FutureTask}'s
 * includes the task it wraps), but it is the application's code: it may throw or be long, so it is
 * guarded and cut.
 */
public final class TaskDescriber {
    private static final int MAX_LENGTH = 300;

    private TaskDescriber() {
    }

    public static String describe(Object task) {
        if (task == null) {
            return null;
        }
        String text;
        try {
            text = String.valueOf(task);
        } catch (Throwable broken) {
            text = task.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(task));
        }
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "...";
    }
}
