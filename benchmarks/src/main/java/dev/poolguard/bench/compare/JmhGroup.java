package dev.poolguard.bench.compare;

import java.util.List;
import java.util.Set;

/**
 * A JMH benchmark class, how its rows are judged, and its budget. The list is the JMH part of the table,
 * in order.
 */
record JmhGroup(String benchmarkClass, Kind kind, Budget budget) {
    enum Kind {
        /** agent/plain of the median, within a ratio budget */
        RATIO,
        /** a blocking wait in a loaded program: what the agent adds, in microseconds */
        ADDED_MICROS,
        /** the agent's own check, live: agent only, in microseconds */
        AGENT_ONLY,
        /** the detector algorithm alone: no agent involved, one run */
        ALGORITHM
    }

    /** Executor hot paths (issue 12: submit+get, cross-pool, chain, burst). */
    static final Budget HOT_PATH = Budget.atMost(1.03);
    /** Waits under load: deep backlog, many waiters (issue 12). */
    static final Budget UNDER_LOAD = Budget.atMost(1.05);
    /** A deadlock check per blocking wait at 1,000 waiters. */
    static final Budget CHECK_MICROS = Budget.atMost(2.0);
    /** BacklogWait: the ratio at the deepest backlog over the ratio at the shallowest, "no worse". */
    static final Budget FLAT = Budget.atMost(1.0);

    /**
     * Printed for information only: more busy threads than the reference machine has cores, so the
     * scheduler, not the code, sets the figure (see the benchmark's own comment).
     */
    static final Set<String> SCHEDULER_BOUND = Set.of("CompletableFutureChain.chainTwoWorkers");

    static final List<JmhGroup> ALL = List.of(
            new JmhGroup("SubmitGetRoundTrip", Kind.RATIO, HOT_PATH),
            new JmhGroup("ExecuteBurst", Kind.RATIO, HOT_PATH),
            new JmhGroup("CompletableFutureChain", Kind.RATIO, HOT_PATH),
            new JmhGroup("FinishedFutureGet", Kind.RATIO, HOT_PATH),
            new JmhGroup("CrossPoolWait", Kind.RATIO, HOT_PATH),
            new JmhGroup("PoolLifecycle", Kind.RATIO, HOT_PATH),
            new JmhGroup("BacklogWait", Kind.RATIO, UNDER_LOAD),
            new JmhGroup("ManyWaiters", Kind.RATIO, UNDER_LOAD),
            new JmhGroup("BlockingGetUnderLoad", Kind.ADDED_MICROS, CHECK_MICROS),
            new JmhGroup("DeadlockCheck", Kind.AGENT_ONLY, CHECK_MICROS),
            new JmhGroup("DeadlockCheckModel", Kind.ALGORITHM, CHECK_MICROS));

    boolean runsPlain() {
        return kind != Kind.AGENT_ONLY;
    }

    boolean runsAgent() {
        return kind != Kind.ALGORITHM;
    }
}
