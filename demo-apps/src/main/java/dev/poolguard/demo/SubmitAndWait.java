package dev.poolguard.demo;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Deadlock 2 of the thread-pool deadlock tutorial: starvation in a one-thread pool.
 *
 * <p>The pool's only worker runs the outer task, which submits an inner task to the same pool and
 * waits for it. The inner task is queued behind the outer one and needs a worker; the only worker is
 * the one waiting, and a single-thread executor never starts a second. Larger pools deadlock the same
 * way once every worker is doing this at once, which is why it tends to show up only under load.
 */
final class SubmitAndWait implements Scenario {

    @Override
    public String name() {
        return "submit-and-wait";
    }

    @Override
    public String description() {
        return "a task in a one-thread pool submits a task and waits on it (hangs without poolguard)";
    }

    @Override
    public int run() {
        ExecutorService pool = Executors.newSingleThreadExecutor(new NamedThreadFactory("submit-and-wait-worker"));
        try {
            say("the only worker of a one-thread pool is about to submit a task to that pool and wait on it;"
                    + " without poolguard this never returns");
            Future<String> outer = pool.submit(() -> {
                Future<String> inner = pool.submit(() -> "inner result");
                return inner.get();
            });
            return OuterWait.await(this, outer);
        } finally {
            pool.shutdown();
        }
    }
}
