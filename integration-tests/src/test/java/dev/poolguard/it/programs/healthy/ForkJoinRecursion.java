package dev.poolguard.it.programs.healthy;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;

import dev.poolguard.it.programs.Out;

/**
 * Healthy, no risk: a ForkJoinPool RecursiveTask forks and joins its own subtasks (fork/join recursion
 * is what ForkJoinPool is for; joining one's own subtasks is not a same-pool-wait risk).
 */
public final class ForkJoinRecursion {
    static final class Sum extends RecursiveTask<Long> {
        private static final long serialVersionUID = 1L;
        private final long from;
        private final long to;

        Sum(long from, long to) {
            this.from = from;
            this.to = to;
        }

        @Override
        protected Long compute() {
            if (to - from <= 1_000) {
                long sum = 0;
                for (long i = from; i < to; i++) {
                    sum += i;
                }
                return sum;
            }
            long mid = (from + to) >>> 1;
            Sum left = new Sum(from, mid);
            Sum right = new Sum(mid, to);
            left.fork();
            return right.compute() + left.join();
        }
    }

    public static void main(String[] args) throws Exception {
        ForkJoinPool pool = new ForkJoinPool(4);
        long n = 2_000_000;
        long sum = pool.invoke(new Sum(0, n));
        long viaSubmit = pool.submit(new Sum(0, n)).get(); // ForkJoinTask.get from main
        Out.line("SUM " + sum + " " + (sum == n * (n - 1) / 2 && viaSubmit == sum ? "ok" : "WRONG"));
        pool.shutdown();
        Out.line("DONE");
    }
}
