package dev.poolguard.demo;

import java.util.concurrent.Future;

/**
 * The main thread's side of the deadlock scenarios: wait, without a timeout, on the task that is
 * stuck, exactly as application code would.
 *
 * <p>Without the agent (or with {@code deadlock=log}) this wait never returns: that hang is the
 * documented behaviour of these demos. With {@code deadlock=fail} the stuck wait inside the pool
 * throws, the task fails, and this wait ends with an {@code ExecutionException} that is printed.
 */
final class OuterWait {

    private OuterWait() {
    }

    /** Waits on {@code outer}; returns the exit status: 1 when the wait failed, 0 when it returned. */
    static int await(Scenario scenario, Future<?> outer) {
        try {
            Object result = outer.get();
            scenario.say("the wait returned normally: %s", result);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(scenario, e);
        } catch (Exception e) {
            return fail(scenario, e);
        }
    }

    private static int fail(Scenario scenario, Exception e) {
        // getMessage() of an ExecutionException is its cause's toString(), so this one line names the
        // underlying exception (such as dev.poolguard.DeadlockDetectedException) and its message.
        scenario.say("the wait failed: %s: %s", e.getClass().getName(), e.getMessage());
        return 1;
    }
}
