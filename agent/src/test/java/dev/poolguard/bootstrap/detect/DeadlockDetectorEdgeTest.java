package dev.poolguard.bootstrap.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.poolguard.bootstrap.detect.TableModel.Node;
import java.util.Arrays;
import java.util.Collection;
import org.junit.jupiter.api.Test;

/** Nulls, odd worker collections, and what the verdict hands out. */
class DeadlockDetectorEdgeTest {

    @Test
    void nullModelOrThreadIsNoDeadlock() {
        TableModel m = TableModel.parse("T1 waits F1; F1 runs T1");
        assertNull(DeadlockDetector.check(null, m.node("T1")));
        assertNull(DeadlockDetector.check(m, null));
    }

    @Test
    void nullWorkerCollectionMeansNoWorkers() {
        TableModel table = TableModel.parse("T1 waits F1; F1 queued P1");
        WaitModel<Node, Node, Node> m = new CountingModel(table) {
            @Override
            public Collection<Node> workersOf(Node pool) {
                return null;
            }
        };
        assertEquals("STARVATION timed=false threads=[T1] pools=[P1]",
            TableModel.describe(DeadlockDetector.check(m, table.node("T1"))));
    }

    @Test
    void nullEntriesAmongWorkersAreSkipped() {
        TableModel table = TableModel.parse("T1 waits F1; F1 queued P1; P1 workers T1");
        WaitModel<Node, Node, Node> m = new CountingModel(table) {
            @Override
            public Collection<Node> workersOf(Node pool) {
                return Arrays.asList(null, table.node("T1"), null);
            }
        };
        assertEquals("STARVATION timed=false threads=[T1] pools=[P1]",
            TableModel.describe(DeadlockDetector.check(m, table.node("T1"))));
    }

    @Test
    void poolQueueingForATaskWithARunnerIsIgnored() {
        // A task both running and still listed in a queue (a stale entry): the runner decides.
        TableModel m = TableModel.parse("T1 waits F1; F1 runs T2; F1 queued P1; P1 workers T1; T2 waits F2;"
            + " F2 runs T1");
        assertEquals("CYCLE timed=false threads=[T1, T2] pools=[]",
            TableModel.describe(DeadlockDetector.check(m, m.node("T1"))));
    }

    @Test
    void whenEveryQueueingPoolProgressesTheQueuesAreNotSearched() {
        TableModel table = TableModel.parse("main waits F1; F1 queued P1; P1 workers W1; W1 idle;"
            + " F9 queued P2; P2 grows");
        CountingModel m = new CountingModel(table);
        assertNull(DeadlockDetector.check(m, table.node("main")));
        assertEquals(0, m.total(CountingModel.QUEUE), "answered by the shortcut");
    }

    @Test
    void aStuckPoolElsewhereMakesTheDetectorLookWhereTheTaskIs() {
        // P2 is saturated, but the awaited task sits in P1, which has an idle worker: no deadlock
        TableModel table = TableModel.parse("main waits F1; F1 queued P1; P1 workers W1; W1 idle;"
            + " F9 queued P2; P2 workers W2; W2 waits F8; F8 queued P2");
        CountingModel m = new CountingModel(table);
        assertNull(DeadlockDetector.check(m, table.node("main")));
        assertEquals(1, m.total(CountingModel.QUEUE), "the shortcut failed, so the queue was asked once");
        assertEquals("STARVATION timed=false threads=[W2] pools=[P2]",
            TableModel.describe(DeadlockDetector.check(table, table.node("W2"))));
    }

    @Test
    void verdictListsAreImmutable() {
        TableModel m = TableModel.parse("T1 waits F1; F1 queued P1; P1 workers T1");
        Verdict<Node, Node, Node> v = DeadlockDetector.check(m, m.node("T1"));
        assertThrows(UnsupportedOperationException.class, () -> v.threads().clear());
        assertThrows(UnsupportedOperationException.class, () -> v.pools().clear());
    }

    @Test
    void modelIsAskedOnlyAFewTimesPerNode() {
        TableModel table = TableModel.parse("main waits F1; F1 runs W1; W1 waits F2; F2 queued P1;"
            + " P1 workers W1,W2,W3; W2 waits F3; F3 queued P1; W3 waits F4; F4 runs W2");
        CountingModel m = new CountingModel(table);
        assertEquals("STARVATION timed=false threads=[main, W1, W2, W3] pools=[P1]",
            TableModel.describe(DeadlockDetector.check(m, table.node("main"))));
        assertEquals(true, m.maxCallsPerNodeAndMethod() <= 2, "calls: " + m.calls.keySet());
        assertEquals(0, m.total(CountingModel.POOL_OF)); // the walk goes pool -> workers only
    }
}
