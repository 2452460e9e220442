package dev.poolguard.it.programs.guava;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;

/**
 * Guava in use before poolguard comes ({@code attach --watch}): its future classes are loaded, and waited
 * on, then "READY". Once the file args[0] exists, the listeningDecorator starvation on a new one-thread
 * pool. Prints "FAILED cause" when the wait threw (fail mode), "HUNG" once the worker is parked through
 * poolguard on the inner task for good, or "NOT SEEN" when its wait never went through poolguard (the
 * Guava loaded before it was not rewritten); then exits 0.
 */
public final class GuavaLateDeadlock {
    public static void main(String[] args) throws Exception {
        Path go = Path.of(args[0]);
        ListeningExecutorService early = MoreExecutors.listeningDecorator(Executors.newFixedThreadPool(1));
        SettableFuture<String> settable = SettableFuture.create();
        early.submit(() -> settable.set("warm"));
        System.out.println("WARM " + settable.get(10, TimeUnit.SECONDS)); // a real wait, most likely
        System.out.println("READY");
        while (!Files.exists(go)) {
            Thread.sleep(10); // the test creates the file once attach --watch has returned
        }
        AtomicReference<Thread> worker = new AtomicReference<>();
        ListeningExecutorService late = MoreExecutors.listeningDecorator(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "glate-1");
            worker.set(t);
            return t;
        }));
        ListenableFuture<String> outer = late.submit(() -> late.submit(() -> "inner").get());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!outer.isDone() && !(worker.get() != null && checkedWait(worker.get()))) {
            if (System.nanoTime() > deadline) {
                System.out.println("NOT SEEN");
                System.exit(0);
            }
            Thread.onSpinWait();
        }
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

    /** Parked on a Guava future through poolguard's park, after its first check. */
    private static boolean checkedWait(Thread thread) {
        Thread.State state = thread.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING
                || !(LockSupport.getBlocker(thread) instanceof ListenableFuture)) {
            return false;
        }
        boolean parkedThroughTheAgent = false;
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals("dev.poolguard.bootstrap.PoolguardHooks")) {
                if (frame.getMethodName().equals("parkBeforeFirstCheck")) {
                    return false;
                }
                parkedThroughTheAgent |= frame.getMethodName().equals("park") || frame.getMethodName().equals("parkNanos");
            }
        }
        return parkedThroughTheAgent;
    }
}
