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
    void aModelThatAnswersTheQueuedTaskQuestionItselfIsNotAskedForTheQueue() {
        TableModel table = TableModel.parse("main waits F1; F1 queued P1; P1 workers W1; W1 idle");
        CountingModel m = answeringQueuedTask(table, true);
        assertNull(DeadlockDetector.check(m, table.node("main")));
        assertEquals(0, m.total(CountingModel.QUEUE));
    }

    @Test
    void theQueuedTaskAnswerIsOnlyAShortcutTheWalkHasTheLastWord() {
        // a model unsure of the pool says "look closer": the walk finds P1's idle worker
        TableModel table = TableModel.parse("main waits F1; F1 queued P1; P1 workers W1; W1 idle");
        CountingModel m = answeringQueuedTask(table, false);
        assertNull(DeadlockDetector.check(m, table.node("main")));
    }

    /** The table, with {@code queuedTaskProgresses} answering {@code answer} whatever the queues say. */
    private static CountingModel answeringQueuedTask(TableModel table, boolean answer) {
        return new CountingModel(table) {
            @Override
            public boolean queuedTaskProgresses(Node future) {
                return answer;
            }
        };
    }

    @Test
    void byDefaultTheQueuedTaskAnswerFollowsTheQueueingPool() {
        TableModel grows = TableModel.parse("main waits F1; F1 queued P1; P1 grows");
        assertNull(DeadlockDetector.check(grows, grows.node("main")));
        TableModel stuck = TableModel.parse("main waits F1; F1 queued P1; P1 workers W1; W1 waits F2; F2 queued P1");
        assertEquals("STARVATION timed=false threads=[main, W1] pools=[P1]",
            TableModel.describe(DeadlockDetector.check(stuck, stuck.node("main"))));
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
