package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Shape STARVATION in an application subclass of ThreadPoolExecutor (one worker): submit-and-wait.
 */
public final class StarveSubclass {
    /** An application's own pool class, with hooks of its own. */
    static final class AuditingPool extends ThreadPoolExecutor {
        AuditingPool() {
            super(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), Shape.named("audit"));
        }

        @Override
        protected void beforeExecute(Thread t, Runnable r) {
            super.beforeExecute(t, r);
        }
    }

    public static void main(String[] args) {
        AuditingPool pool = new AuditingPool();
        Future<String> outer = pool.submit(task("outer", () -> {
            Future<String> inner = pool.submit(task("inner", () -> "inner done"));
            Shape.ready();
            return Shape.waitFor("outer", inner);
        }));
        Shape.outcome("outer", outer);
        Shape.end();
    }
}
