package dev.poolguard.bootstrap.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poolguard.bootstrap.detect.TableModel.Node;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Big generated models, for correctness only (timing is the benchmark's job): 1,000 waiters in 100
 * pools, and graphs deep enough that a recursive walk would overflow the stack.
 */
class DeadlockDetectorScaleTest {
    private static final int POOLS = 100;
    private static final int WORKERS = 10;

    private static String worker(int pool, int k) {
        return "W" + pool + "_" + k;
    }

    /** 100 pools of 10 busy workers; each waits on a task that a thread outside pools is running. */
    private static TableModel thousandWaitersOnRunningTasks() {
        TableModel m = new TableModel();
        for (int p = 0; p < POOLS; p++) {
            for (int k = 0; k < WORKERS; k++) {
                m.workers("P" + p, worker(p, k));
                m.waits(worker(p, k), "F" + p + "_" + k);
                m.runs("F" + p + "_" + k, "H" + p + "_" + k);
            }
        }
        return m;
    }

    @Test
    void thousandWaitersOnRunningTasksTouchOnlyTheirRunner() {
        TableModel m = thousandWaitersOnRunningTasks();
        assertEquals(POOLS * WORKERS, m.waiters().size());
        for (Node w : m.waiters()) {
            CountingModel counting = new CountingModel(m);
            assertNull(DeadlockDetector.check(counting, w), w.name);
            // The common case: the waiter, its future and the runner, nothing else, no pool walked.
            assertTrue(counting.calls.size() <= 3, w.name + " touched " + counting.calls.keySet());
            assertEquals(0, counting.total(CountingModel.WORKERS));
        }
    }

    @Test
    void oneStarvedPoolAmongAThousandWaiters() {
        TableModel m = thousandWaitersOnRunningTasks();
        for (int k = 0; k < WORKERS; k++) {
            m.waits(worker(7, k), "Q7_" + k); // replaces the wait on a running task
            m.queued("Q7_" + k, "P7");
        }
        Set<Node> progress = ReferenceDetector.progressing(m);
        for (Node w : m.waiters()) {
            Verdict<Node, Node, Node> v = DeadlockDetector.check(m, w);
            if (w.name.startsWith("W7_")) {
                assertEquals(DeadlockKind.STARVATION, v.kind());
                assertEquals(WORKERS, v.threads().size());
                assertEquals("[P7]", v.pools().toString());
                DeadlockDetectorPropertyTest.assertMatchesReference(m, progress, w, v, "starved P7");
            } else {
                assertNull(v, w.name);
            }
        }
    }

    /** Every worker of pool p waits on a task queued in pool p+1 (mod 100): all 1,000 are blocked. */
    @Test
    void ringOfAHundredStarvedPools() {
        TableModel m = new TableModel();
        for (int p = 0; p < POOLS; p++) {
            for (int k = 0; k < WORKERS; k++) {
                m.workers("P" + p, worker(p, k));
                m.waits(worker(p, k), "Q" + p + "_" + k);
                m.queued("Q" + p + "_" + k, "P" + (p + 1) % POOLS);
            }
        }
        for (Node w : m.waiters()) {
            CountingModel counting = new CountingModel(m);
            Verdict<Node, Node, Node> v = DeadlockDetector.check(counting, w);
            assertEquals(DeadlockKind.STARVATION, v.kind());
            assertEquals(POOLS * WORKERS, v.threads().size());
            assertEquals(POOLS, v.pools().size());
            assertSame(w, v.threads().get(0));
            int p = Integer.parseInt(w.name.substring(1, w.name.indexOf('_')));
            assertEquals("P" + (p + 1) % POOLS, v.pools().get(0).name);
            assertTrue(counting.maxCallsPerNodeAndMethod() <= 3, "calls per node and method");
        }
        DeadlockDetectorPropertyTest.assertMatchesReference(m, ReferenceDetector.progressing(m),
            m.node(worker(42, 3)), DeadlockDetector.check(m, m.node(worker(42, 3))), "pool ring");
    }

    private static final int DEEP = 100_000;

    @Test
    void deepRingIsACycleWithoutRecursion() {
        TableModel m = new TableModel();
        for (int i = 0; i < DEEP; i++) {
            m.waits("T" + i, "F" + (i + 1) % DEEP);
            m.runs("F" + i, "T" + i);
        }
        Verdict<Node, Node, Node> v = DeadlockDetector.check(m, m.node("T0"));
        assertEquals(DeadlockKind.CYCLE, v.kind());
        assertEquals(DEEP, v.threads().size());
        assertEquals("T1", v.threads().get(1).name);
        assertEquals("T" + (DEEP - 1), v.threads().get(DEEP - 1).name);
    }

    @Test
    void deepChainEndingInAFreeThreadIsNoDeadlock() {
        TableModel m = new TableModel();
        for (int i = 0; i < DEEP; i++) {
            m.waits("T" + i, "F" + (i + 1));
            m.runs("F" + (i + 1), "T" + (i + 1)); // T100000 runs the last future and waits on nothing
        }
        assertNull(DeadlockDetector.check(m, m.node("T0")));
    }

    @Test
    void deepChainOfSingleWorkerPoolsEndingInStarvation() {
        TableModel m = new TableModel();
        int depth = DEEP / 2;
        for (int i = 0; i < depth; i++) {
            m.workers("P" + i, "T" + i);
            m.waits("T" + i, "Q" + i);
            m.queued("Q" + i, "P" + Math.min(i + 1, depth - 1)); // the last pool starves itself
        }
        Verdict<Node, Node, Node> v = DeadlockDetector.check(m, m.node("T0"));
        assertEquals(DeadlockKind.STARVATION, v.kind());
        assertEquals(depth, v.threads().size());
        assertEquals(depth - 1, v.pools().size()); // P0 is never reached: nothing waits on its queue

        m.grows("P" + (depth - 1)); // now the last pool can start a worker: everything drains
        assertNull(DeadlockDetector.check(m, m.node("T0")));
    }
}
