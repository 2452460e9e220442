package dev.poolguard;

/**
 * Thrown, with {@code deadlock=fail}, by the wait that closes a certain deadlock, instead of blocking
 * forever. Unchecked, so it passes through {@code Future.get} as is; a caller's own {@code get} on the
 * failed task sees it as the cause of the usual {@code ExecutionException}.
 *
 * <p>Lives on the boot class path (it is thrown from inside {@code java.util.concurrent}), so it may use
 * JDK types only.
 */
public class DeadlockDetectedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public DeadlockDetectedException(String message) {
        super(message);
    }
}
