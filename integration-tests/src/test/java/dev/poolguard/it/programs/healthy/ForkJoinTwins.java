package dev.poolguard.it.programs.healthy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.poolguard.it.programs.Out;

/**
 * The healthy twins of the ForkJoinPool starvation (issue 13, shape 5): waits on a ForkJoinPool worker
 * that the pool helps with or compensates for, or that something else answers. Each inner task sleeps
 * long enough for the wait on it to be analysed (poolguard looks at a wait parked 10 ms), so every one
 * of these waits is really checked; none may be reported, or thrown with {@code deadlock=fail}. Prints
 * {@code OK name value} per twin, then {@code DONE}.
 */
public final class ForkJoinTwins {
    private static final long SLOW_MILLIS = 60;

    public static void main(String[] args) throws Exception {
        ForkJoinPool one = new ForkJoinPool(1);
        ExecutorService other = Executors.newFixedThreadPool(2);

        // fork/join of subtasks: the joining worker runs its own queued subtasks
        twin("recursion", one.submit(new Slow(0, 8)).get());
        // nested parallel streams on the common pool (ForkJoinTask joins, helped)
        twin("nested-parallel-stream", IntStream.range(0, 4).parallel()
                .map(i -> IntStream.range(0, 4).parallel().map(j -> sleep(15) + j).sum()).sum());
        // CompletableFuture joins on a worker: a managed block, which the pool compensates for
        twin("cf-default-join-on-common-worker", ForkJoinPool.commonPool().submit(
                () -> CompletableFuture.supplyAsync(() -> sleep(SLOW_MILLIS) + 1).join()).get());
        twin("cf-common-join-on-common-worker", ForkJoinPool.commonPool().submit(
                () -> CompletableFuture.supplyAsync(() -> sleep(SLOW_MILLIS) + 2, ForkJoinPool.commonPool()).join()).get());
        twin("cf-join-on-only-worker", one.submit(
                () -> CompletableFuture.supplyAsync(() -> sleep(SLOW_MILLIS) + 3, one).join()).get());
        // a ForkJoinTask submitted to the own pool by its only worker: get and join help (they run it)
        twin("submit-get-on-only-worker", one.submit(() -> one.submit(slow(4)).get()).get());
        twin("submit-timed-get-on-only-worker", one.submit(() -> one.submit(slow(5)).get(30, TimeUnit.SECONDS)).get());
        twin("submit-join-on-only-worker", one.submit(() -> one.submit(slow(6)).join()).get());
        // a FutureTask in the own pool, waited for in a managed block: the pool adds a worker to run it
        twin("managed-block-on-only-worker", one.submit(() -> {
            FutureTask<Integer> inner = new FutureTask<>(slow(7));
            one.execute(inner);
            ForkJoinPool.managedBlock(new FutureBlocker(inner));
            return inner.get();
        }).get());
        // a FutureTask run by another pool with free workers
        twin("future-task-in-other-pool", one.submit(() -> other.submit(slow(8)).get()).get());
        // a FutureTask queued in the own pool behind a deep backlog that the pool's other worker drains
        ForkJoinPool two = new ForkJoinPool(2);
        twin("deep-backlog-drains", two.submit(() -> {
            List<FutureTask<Integer>> backlog = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                FutureTask<Integer> task = new FutureTask<>(() -> sleep(1));
                backlog.add(task);
                two.execute(task);
            }
            FutureTask<Integer> last = new FutureTask<>(slow(9));
            two.execute(last);
            return last.get() + backlog.size();
        }).get());

        other.shutdown();
        one.shutdown();
        two.shutdown();
        Out.line("DONE");
    }

    private static void twin(String name, Object value) {
        Out.line("OK " + name + " " + value);
    }

    private static Callable<Integer> slow(int value) {
        return () -> sleep(SLOW_MILLIS) + value;
    }

    private static int sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** A RecursiveTask whose leaves are slow, so the joins on them block a while. */
    static final class Slow extends RecursiveTask<Integer> {
        private static final long serialVersionUID = 1L;
        private final int from;
        private final int to;

        Slow(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        protected Integer compute() {
            if (to - from == 1) {
                return sleep(20) + from;
            }
            int mid = (from + to) >>> 1;
            Slow left = new Slow(from, mid);
            left.fork();
            return new Slow(mid, to).compute() + left.join();
        }
    }

    /** Waits for a FutureTask as a managed block. */
    private record FutureBlocker(FutureTask<Integer> task) implements ForkJoinPool.ManagedBlocker {
        @Override
        public boolean block() throws InterruptedException {
            try {
                task.get();
            } catch (ExecutionException e) {
                // done: the caller's own get reports it
            }
            return true;
        }

        @Override
        public boolean isReleasable() {
            return task.isDone();
        }
    }
}
