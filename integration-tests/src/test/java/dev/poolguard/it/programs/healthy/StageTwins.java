package dev.poolguard.it.programs.healthy;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.poolguard.it.programs.Out;
import dev.poolguard.it.programs.deadlock.Shape;

/**
 * The healthy twins of the dependent-stage and completion-service deadlocks (issue 13, shapes 2 to 4):
 * each waits long enough to be checked (a helper releases it only once poolguard has checked the wait,
 * {@link Shape#awaitParked}), and each is completed by something poolguard must count as progress. Prints
 * {@code CASE name VALUE v} for each, then {@code DONE}. Run with {@code deadlock=fail}: a false deadlock
 * would throw out of the wait.
 */
public final class StageTwins {
    public static void main(String[] args) throws Exception {
        ExecutorService one = Executors.newFixedThreadPool(1, Shape.named("twin-one"));
        ExecutorService two = Executors.newFixedThreadPool(2, Shape.named("twin-two"));
        // a timer completes the dependent while its source is queued behind the waiting worker
        run("timer", one.submit(() -> {
            CompletableFuture<String> source = CompletableFuture.supplyAsync(() -> "source", one);
            return source.thenApply(s -> s + " applied").completeOnTimeout("timer", 300, TimeUnit.MILLISECONDS).join();
        }));
        // a thread outside the saturated pool completes the source
        CompletableFuture<String> outside = new CompletableFuture<>();
        Future<String> byOutside = one.submit(() -> {
            CompletableFuture.supplyAsync(() -> "unrelated", one); // queued behind this task: a stuck pool
            return outside.thenApply(s -> s + " applied").join();
        });
        release(byOutside, () -> outside.complete("outside"));
        run("outside", byOutside);
        // anyOf of a starved supply and a future a thread outside the pool completes
        CompletableFuture<String> other = new CompletableFuture<>();
        Future<Object> either = one.submit(() ->
                CompletableFuture.anyOf(CompletableFuture.supplyAsync(() -> "starved", one), other).join());
        release(either, () -> other.complete("other"));
        Out.line("CASE anyOf-outside VALUE " + either.get(20, TimeUnit.SECONDS));
        // take on a completion service over another pool with free workers
        CountDownLatch parts = new CountDownLatch(1);
        Future<String> take = one.submit(() -> {
            CompletionService<String> service = new ExecutorCompletionService<>(two);
            service.submit(() -> awaitLatch(parts, "part-1"));
            service.submit(() -> awaitLatch(parts, "part-2"));
            return service.take().get();
        });
        release(take, parts::countDown);
        run("ecs-other-pool", take);
        // invokeAny on a pool with a free worker
        CountDownLatch choices = new CountDownLatch(1);
        Future<String> any = two.submit(() -> two.invokeAny(List.<Callable<String>>of(
                () -> awaitLatch(choices, "choice-1"), () -> awaitLatch(choices, "choice-2"))));
        release(any, choices::countDown);
        run("invokeAny-free-worker", any);
        // allOf whose parts run on another pool
        CountDownLatch allParts = new CountDownLatch(1);
        Future<String> all = one.submit(() -> {
            CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> awaitLatch(allParts, "a"), two);
            CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> awaitLatch(allParts, "b"), two);
            CompletableFuture.allOf(a, b).join();
            return a.join() + b.join();
        });
        release(all, allParts::countDown);
        run("allOf-elsewhere", all);
        // a cancelled dependent of a starved source: the wait ends at once
        run("cancelled", one.submit(() -> {
            CompletableFuture<String> source = CompletableFuture.supplyAsync(() -> "source", one);
            CompletableFuture<String> dependent = source.thenApply(s -> s + " applied");
            dependent.cancel(false);
            try {
                return dependent.join();
            } catch (java.util.concurrent.CancellationException e) {
                return "cancelled";
            }
        }));
        // a dependent of a source already done, run on another pool, while the own pool is saturated
        CountDownLatch applied = new CountDownLatch(1);
        Future<String> done = one.submit(() -> {
            CompletableFuture.supplyAsync(() -> "unrelated", one);
            return CompletableFuture.completedFuture("done")
                    .thenApplyAsync(s -> awaitLatch(applied, s + " applied"), two).join();
        });
        release(done, applied::countDown);
        run("source-done", done);
        one.shutdown();
        two.shutdown();
        Out.line("TERMINATED " + (one.awaitTermination(10, TimeUnit.SECONDS) && two.awaitTermination(10, TimeUnit.SECONDS)));
        Out.line("DONE");
    }

    private static void run(String name, Future<String> outcome) throws Exception {
        Out.line("CASE " + name + " VALUE " + outcome.get(20, TimeUnit.SECONDS));
    }

    /** Once the wait of the task's thread has been checked by poolguard, {@code action} ends it. */
    private static void release(Future<?> task, Runnable action) {
        Thread helper = new Thread(() -> {
            Thread waiter = null;
            while (waiter == null && !task.isDone()) {
                waiter = findWaiter();
                Thread.onSpinWait();
            }
            if (waiter != null) {
                Shape.awaitParked(waiter);
            }
            action.run();
        }, "twin-release");
        helper.start();
    }

    /** The pool thread that is parked in a wait now (the twins run one at a time). */
    private static Thread findWaiter() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("twin-") && !t.getName().equals("twin-release")
                    && Shape.parkedInAWait(t)) {
                return t;
            }
        }
        return null;
    }

    private static String awaitLatch(CountDownLatch latch, String value) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return value;
    }
}
