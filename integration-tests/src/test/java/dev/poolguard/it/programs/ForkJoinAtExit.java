package dev.poolguard.it.programs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * A ForkJoin task in flight when main calls System.exit(0): on the common pool or on the program's own
 * pool; it works 300 ms ("finishes") or never ends ("stuck"). Prints "fj start" and "fj done".
 *
 * <p>args: common|own finishes|stuck
 */
public final class ForkJoinAtExit {
    static final class Slow extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final boolean stuck;
        private final transient CountDownLatch started;

        Slow(boolean stuck, CountDownLatch started) {
            this.stuck = stuck;
            this.started = started;
        }

        @Override
        protected void compute() {
            Out.line("fj start");
            started.countDown();
            if (stuck) {
                Work.forever();
            }
            Work.doFor(300, "fj");
            Out.line("fj done");
        }
    }

    public static void main(String[] args) throws InterruptedException {
        ForkJoinPool pool = args[0].equals("common") ? ForkJoinPool.commonPool() : new ForkJoinPool(2);
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(new Slow(args[1].equals("stuck"), started));
        started.await();
        Out.line("main exits 0");
        System.exit(0);
    }
}
