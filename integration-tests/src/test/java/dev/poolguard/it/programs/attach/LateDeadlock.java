package dev.poolguard.it.programs.attach;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A program started without the agent that deadlocks later, for {@code attach --watch}. A pool that
 * exists (with a live worker) before the agent comes, then "READY"; once the file args[0] exists, the
 * submit-and-wait starvation on a new one-thread pool. Prints "FAILED cause" when the wait threw (fail
 * mode) or "HUNG" once the worker is parked on the inner task for good (log mode), then exits 0, so
 * that the shutdown guard runs.
 */
public final class LateDeadlock {
    public static void main(String[] args) throws Exception {
        Path go = Path.of(args[0]);
        ExecutorService early = Executors.newFixedThreadPool(2, r -> new Thread(r, "early-pool-1"));
        early.submit(() -> "warm").get();
        System.out.println("READY");
        while (!Files.exists(go)) {
            Thread.sleep(10); // the test creates the file once attach --watch has returned
        }
        AtomicReference<Thread> worker = new AtomicReference<>();
        ExecutorService late = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "late-pool-1");
            worker.set(t);
            return t;
        });
        Future<String> outer = late.submit(() -> late.submit(() -> "inner").get());
        // the agent analyses a wait once it has been parked a while, then parks it through
        // PoolguardHooks.park: parked there on a FutureTask, the wait was checked and any report written
        while (!outer.isDone() && !(worker.get() != null && checkedWait(worker.get()))) {
            Thread.onSpinWait();
        }
        // A checked wait has been analysed once; the contract gives the report (and, in fail mode, the
        // throw) 50 ms: allow a second check before calling it hung.
        try {
            System.out.println("RESULT " + outer.get(1, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            System.out.println("FAILED " + e.getCause());
        } catch (TimeoutException e) {
            System.out.println("HUNG");
        }
        early.shutdown();
        System.exit(0);
    }

    private static boolean checkedWait(Thread thread) {
        Thread.State state = thread.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING
                || !(LockSupport.getBlocker(thread) instanceof FutureTask)) {
            return false;
        }
        boolean parkedThroughTheAgent = false;
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals("dev.poolguard.bootstrap.PoolguardHooks")) {
                if (frame.getMethodName().equals("parkBeforeFirstCheck")) {
                    return false; // parked, not analysed yet
                }
                parkedThroughTheAgent |= frame.getMethodName().equals("park") || frame.getMethodName().equals("parkNanos");
            }
        }
        return parkedThroughTheAgent;
    }
}
