package dev.poolguard.bootstrap;

import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.function.Supplier;

/**
 * Runs poolguard's own work (writing the report, reading other threads' stacks, shutting pools down
 * in the drain) with poolguard's permissions, not those of the application code that happens to be on
 * the stack. Only matters under a SecurityManager (JDK 17 and earlier); without one it is a plain call.
 */
@SuppressWarnings("removal") // AccessController: the SecurityManager's own API, still there on 25
public final class Privileged {
    private Privileged() {
    }

    public static <T> T call(Supplier<T> action) {
        if (System.getSecurityManager() == null) {
            return action.get();
        }
        return AccessController.doPrivileged((PrivilegedAction<T>) action::get);
    }

    public static void run(Runnable action) {
        if (System.getSecurityManager() == null) {
            action.run();
            return;
        }
        AccessController.doPrivileged((PrivilegedAction<Void>) () -> {
            action.run();
            return null;
        });
    }
}
