package dev.poolguard.it.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.poolguard.it.stress.StressGen.Mode;

/**
 * The ForkJoinPool programs of the stress run (issue 13), with their ground truth from docs/contract.md
 * (STARVATION, ForkJoinPool): a {@code new ForkJoinPool(n)} is starved only when all n of its workers wait with
 * {@code FutureTask.get} (a wait the pool neither helps with nor compensates for) on FutureTasks handed to the same
 * pool ({@code execute(futureTask)} or {@code submit(futureTask)}; docs/jdk-notes.md: both hang). Its near-miss twins
 * must stay silent: a ForkJoinTask submitted or forked by the worker and then joined or got (helped), a FutureTask
 * wait inside {@code managedBlock} (compensated), a FutureTask run by another pool with free workers. The common pool
 * is left out: compensation workers of earlier programs of the same child linger there, so its worker count is not
 * the program's to know. Drawn from a stream of their own, so StressGen's programs are those they always were.
 */
final class ForkJoinStress {
    /** The stream of {@link StressGen#seedOf} that gives the ForkJoin programs' seeds. */
    static final int FJ_STREAM = 1_300_000;

    enum FjShape {
        /** Each worker: {@code pool.execute(new FutureTask)} then {@code get()}: STARVATION. */
        STARVE_EXECUTE,
        /** Each worker: {@code pool.submit(futureTask)} then the FutureTask's {@code get()}: STARVATION. */
        STARVE_SUBMIT_FT,
        /** Each worker: {@code pool.submit(callable).get()}: helped, silent. */
        HELPED_GET,
        /** Each worker: {@code pool.submit(callable).join()}: helped, silent. */
        HELPED_JOIN,
        /** Each worker: {@code ForkJoinTask.adapt(callable).fork().join()}: helped, silent. */
        FORK_JOIN,
        /** Each worker: {@code managedBlock} around the FutureTask get of STARVE_EXECUTE: compensated, silent. */
        MANAGED_BLOCK,
        /** Each worker: a FutureTask executed by another {@code ForkJoinPool} (idle), then get: silent. */
        OTHER_FJ_POOL,
        /** Each worker: a FutureTask executed by a fixed ThreadPoolExecutor with free workers, then get: silent. */
        OTHER_TPE;

        boolean deadlock() {
            return this == STARVE_EXECUTE || this == STARVE_SUBMIT_FT;
        }
    }

    /** One program: {@code parallelism} outer tasks (given to the pool by {@code execute} or {@code submit}), one per worker. */
    record FjSpec(long seed, FjShape shape, int parallelism, boolean outerExecute, int otherWorkers) {
        String tag() {
            return "j" + seed;
        }

        /**
         * The outcome of each outer task in the order they started: in fail mode the last to start closes the
         * starvation (it waits only once the others are parked) and throws; the others then complete. In log mode
         * and without the agent the program breaks the starvation by cancelling the inner tasks.
         */
        String expected(Mode mode) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < parallelism; i++) {
                if (!shape.deadlock()) out.add("ok");
                else if (mode == Mode.FAIL) out.add(i == parallelism - 1 ? "dde" : "ok");
                else out.add("freed"); // released by the program: cancelled, or run once another was
            }
            return String.join(",", out);
        }

        @Override
        public String toString() {
            return shape + "(fj" + parallelism + (outerExecute ? ",execute" : ",submit")
                    + (otherWorkers > 0 ? ",other" + otherWorkers : "") + ")";
        }
    }

    private ForkJoinStress() {
    }

    /** The seed of the {@code index}-th ForkJoin program of a run with base seed {@code base}. */
    static long seedOf(long base, int index) {
        return StressGen.seedOf(base, FJ_STREAM + index);
    }

    /** Half of the programs starve their pool, half are twins that must stay silent. */
    static FjSpec generate(long seed) {
        Random r = new Random(seed);
        FjShape[] all = FjShape.values();
        FjShape shape = r.nextBoolean() ? all[r.nextInt(2)] : all[2 + r.nextInt(all.length - 2)];
        return new FjSpec(seed, shape, 1 + r.nextInt(3), r.nextBoolean(), 1 + r.nextInt(2));
    }
}
