package dev.poolguard.it.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.poolguard.it.stress.ForkJoinStress.FjShape;
import dev.poolguard.it.stress.ForkJoinStress.FjSpec;
import dev.poolguard.it.stress.StressGen.Mode;

/**
 * Runs ForkJoin stress programs one after the other: {@code mode=LOG|FAIL|NONE seeds=S,S,...}. Prints
 * {@code FJ <seed> pool=<hex identity> result=<outcomes>} per program and {@code FJ DONE <count>}.
 */
public final class ForkJoinStressChild {
    public static void main(String[] args) throws Exception {
        Mode mode = Mode.LOG;
        List<Long> seeds = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("mode=")) mode = Mode.valueOf(a.substring(5));
            if (a.startsWith("seeds=")) for (String s : a.substring(6).split(",")) seeds.add(Long.parseLong(s));
        }
        for (long seed : seeds) {
            FjSpec spec = ForkJoinStress.generate(seed);
            System.out.println(new Program(spec, mode).run());
        }
        System.out.println("FJ DONE " + seeds.size());
    }

    /** One program's run. */
    static final class Program {
        private final FjSpec spec;
        private final Mode mode;
        private final int n;
        private final ForkJoinPool pool;
        private final ExecutorService other;
        private final AtomicInteger ticket = new AtomicInteger();
        private final CountDownLatch started;
        private final CountDownLatch finished;
        private final Thread[] threads;
        private final FutureTask<?>[] inners;
        private final String[] outcomes;
        /** Set before the program breaks its starvation: the inner tasks it did not cancel in time run then. */
        private volatile boolean broken;

        Program(FjSpec spec, Mode mode) {
            this.spec = spec;
            this.mode = mode;
            this.n = spec.parallelism();
            AtomicInteger names = new AtomicInteger();
            this.pool = new ForkJoinPool(n, p -> {
                ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                t.setName(spec.tag() + "-w" + names.incrementAndGet());
                return t;
            }, null, false);
            AtomicInteger otherNames = new AtomicInteger();
            if (spec.shape() == FjShape.OTHER_FJ_POOL) {
                this.other = new ForkJoinPool(spec.otherWorkers(), p -> {
                    ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                    t.setName(spec.tag() + "-o" + otherNames.incrementAndGet());
                    return t;
                }, null, false);
            } else if (spec.shape() == FjShape.OTHER_TPE) {
                this.other = Executors.newFixedThreadPool(spec.otherWorkers(),
                        r -> new Thread(r, spec.tag() + "-o" + otherNames.incrementAndGet()));
            } else {
                this.other = null;
            }
            this.started = new CountDownLatch(n);
            this.finished = new CountDownLatch(n);
            this.threads = new Thread[n];
            this.inners = new FutureTask<?>[n];
            this.outcomes = new String[n];
        }

        String run() throws Exception {
            for (int i = 0; i < n; i++) {
                if (spec.outerExecute()) pool.execute(this::outer);
                else pool.submit(() -> { outer(); return null; });
            }
            // in log mode and without the agent a starvation stays until the program breaks it: once every worker is
            // parked on its inner FutureTask, give the agent time to write it (at most 50 ms after the closing wait)
            if (spec.shape().deadlock() && mode != Mode.FAIL && allParked(0, 10_000)) {
                Thread.sleep(400);
                broken = true;
                for (FutureTask<?> t : inners) t.cancel(false);
            }
            boolean done = finished.await(15, TimeUnit.SECONDS);
            if (!done) for (FutureTask<?> t : inners) if (t != null) t.cancel(false); // unwedge: the result says "hung"
            pool.shutdown();
            if (other != null) other.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            if (other != null) other.awaitTermination(30, TimeUnit.SECONDS);
            StringBuilder sb = new StringBuilder();
            for (String o : outcomes) sb.append(sb.length() == 0 ? "" : ",").append(done ? o : "hung");
            return "FJ " + spec.seed() + " pool=" + Integer.toHexString(System.identityHashCode(pool)) + " result=" + sb;
        }

        /** Whether the outer threads from {@code from} on are all parked in a FutureTask wait (polled up to {@code millis}). */
        private boolean allParked(int skip, long millis) throws InterruptedException {
            long end = System.nanoTime() + millis * 1_000_000;
            while (System.nanoTime() < end) {
                boolean all = true;
                for (int i = 0; i < n && all; i++) {
                    if (i == skip - 1) continue;
                    Thread t = threads[i];
                    // TIMED_WAITING too: with the agent a FutureTask wait parks in steps, to be analysed between them
                    Thread.State st = t == null ? null : t.getState();
                    all = (st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING) && LockSupport.getBlocker(t) instanceof FutureTask;
                }
                if (all) return true;
                Thread.sleep(1);
            }
            return false;
        }

        private void outer() {
            int me = ticket.getAndIncrement();
            threads[me] = Thread.currentThread();
            String outcome;
            try {
                // every outer task holds its worker before any inner one is handed over: no idle worker may take one
                started.countDown();
                started.await();
                outcome = waitOnInner(me);
            } catch (Throwable t) {
                outcome = name(t);
            }
            // cancelling one inner task frees its worker, which may run a queued inner task before it is cancelled
            if (broken && (outcome.equals("ok") || outcome.equals("cancel"))) outcome = "freed";
            outcomes[me] = outcome;
            finished.countDown();
        }

        private String waitOnInner(int me) throws Exception {
            Callable<String> work = () -> "inner " + me;
            switch (spec.shape()) {
                case STARVE_EXECUTE:
                case STARVE_SUBMIT_FT:
                case MANAGED_BLOCK:
                case OTHER_FJ_POOL:
                case OTHER_TPE: {
                    FutureTask<String> inner = new FutureTask<>(work);
                    inners[me] = inner;
                    if (spec.shape() == FjShape.STARVE_SUBMIT_FT) pool.submit(inner);
                    else if (other != null) other.execute(inner);
                    else pool.execute(inner);
                    // ordered closing: the last outer task waits only once the others are parked
                    if (me == n - 1 && spec.shape().deadlock() && !allParkedBut(me)) return "order";
                    if (spec.shape() == FjShape.MANAGED_BLOCK) {
                        ForkJoinPool.managedBlock(new ForkJoinPool.ManagedBlocker() {
                            @Override
                            public boolean block() throws InterruptedException {
                                try {
                                    inner.get();
                                } catch (ExecutionException e) {
                                    throw new IllegalStateException(e);
                                }
                                return true;
                            }

                            @Override
                            public boolean isReleasable() {
                                return inner.isDone();
                            }
                        });
                    }
                    inner.get();
                    return "ok";
                }
                case HELPED_GET:
                    pool.submit(work).get();
                    return "ok";
                case HELPED_JOIN:
                    pool.submit(work).join();
                    return "ok";
                case FORK_JOIN:
                    ForkJoinTask.adapt(work).fork().join();
                    return "ok";
                default:
                    throw new IllegalStateException(spec.toString());
            }
        }

        private boolean allParkedBut(int me) throws InterruptedException {
            return allParked(me + 1, 10_000);
        }

        private static String name(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c.getClass().getSimpleName().equals("DeadlockDetectedException")) return "dde";
                if (c instanceof CancellationException) return "cancel";
            }
            return t.getClass().getSimpleName();
        }
    }
}
