package dev.poolguard.bootstrap.detect;

import dev.poolguard.bootstrap.pools.PoolGrowth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.bootstrap.detect.TableModel.Node;

/**
 * Pools that grow only when a task is submitted to them (below their core, or with a bounded queue that must
 * fill first), against tables: the statements of {@link TableModel}, plus
 * <pre>
 *   P fills            P starts a worker only when someone submits (the runtime's PoolGrowth.ON_SUBMISSION)
 *   P submitters A,B   the live threads that submitted to P (ended ones are simply not listed)
 *   P many             too many submitters to know
 * </pre>
 * Each row: the table, the thread whose wait is checked, the expected verdict ("none": no deadlock).
 */
class GrowthBySubmissionTest {
    /** The SPR-11418 shape: main waits on an outer task; five workers each wait on an inner task queued behind them. */
    static final String SPR = "main waits O1; O1 runs W1; W1 waits I1; W2 waits I2; W3 waits I3; W4 waits I4;"
            + " W5 waits I5; I1 queued P; I2 queued P; I3 queued P; I4 queued P; I5 queued P;"
            + " P workers W1,W2,W3,W4,W5; P fills";
    static final String STARVED = "STARVATION timed=false threads=[W5, W1, W2, W3, W4] pools=[P]";

    static Stream<Arguments> cases() {
        return Stream.of(
            row("SPR-11418: main and the workers submitted, all blocked",
                SPR + "; P submitters main,W1,W2,W3,W4,W5", "W5", STARVED),
            row("only the workers submitted (main's submissions not seen: it ended)",
                SPR + "; P submitters W1,W2,W3,W4,W5", "W5", STARVED),
            row("no submitter left at all",
                SPR + "; P submitters -", "W5", STARVED),
            row("main submitted and is not waiting: it may fill the queue",
                SPR.replace("main waits O1; ", "") + "; P submitters main,W1,W2,W3,W4,W5", "W5", "none"),
            row("main's wait has a timeout: it may fill the queue once it times out",
                SPR + "; main timed; P submitters main,W1", "W5", "none"),
            row("main waits on a future nobody is known to run: it may complete, then main submits",
                SPR.replace("main waits O1", "main waits X") + "; P submitters main", "W5", "none"),
            row("main waits on a task of a free thread",
                SPR.replace("main waits O1", "main waits X") + "; X runs T; P submitters main", "W5", "none"),
            row("main waits on a thread that waits on a task queued in P",
                SPR.replace("main waits O1", "main waits X") + "; X runs T; T waits I1; P submitters main", "W5",
                STARVED),
            row("main waits on a pool with an idle worker",
                SPR.replace("main waits O1", "main waits X") + "; X queued Q; Q workers Q1; Q1 idle; P submitters main",
                "W5", "none"),
            row("main waits on a task behind a timed wait outside P: it may end, then main submits",
                SPR.replace("main waits O1", "main waits X") + "; X runs T; T waits I1; T timed; P submitters main",
                "W5", "none"),
            row("a worker of P that waits with a timeout stays inside: the starvation is timed",
                SPR + "; W3 timed; P submitters main,W1,W2,W3,W4,W5", "W5",
                STARVED.replace("timed=false", "timed=true")),
            row("a worker of P that is not waiting is busy: no starvation",
                SPR.replace("W3 waits I3; ", "") + "; P submitters main,W3", "W5", "none"),
            row("a worker of P whose wait is done may submit",
                SPR + "; X9 done; P submitters W1; W1 waits X9", "W5", "none"),
            row("too many submitters to know",
                SPR + "; P many", "W5", "none"),
            row("main's own wait, which does not close the ring, sees the whole of it",
                SPR + "; P submitters main,W1", "main",
                "STARVATION timed=false threads=[main, W1, W2, W3, W4, W5] pools=[P]"),
            // two pools that each grow only by submission, each one's submitter blocked on the other
            row("two filling pools whose submitters wait on each other's queues",
                "A1 waits FB; FB queued B; B workers B1; B1 waits FA; FA queued A; A workers A1; A fills; B fills;"
                    + " S waits FA2; FA2 queued A; T waits FB2; FB2 queued B; A submitters S,A1; B submitters T,B1",
                "A1", "STARVATION timed=false threads=[A1, B1] pools=[B, A]"),
            row("two filling pools, and a free thread submitted to the second",
                "A1 waits FB; FB queued B; B workers B1; B1 waits FA; FA queued A; A workers A1; A fills; B fills;"
                    + " S waits FA2; FA2 queued A; A submitters S,A1; B submitters U,B1",
                "A1", "none"),
            row("an outside submitter whose wait needs the other filling pool, whose submitter is free",
                "A1 waits FA; FA queued A; A workers A1; A fills; S waits FB; FB queued B; B workers B1; B1 waits FB9;"
                    + " FB9 queued B; B fills; A submitters S; B submitters U",
                "A1", "none"),
            row("an outside submitter whose wait needs the other filling pool, whose submitters are all blocked",
                "A1 waits FA; FA queued A; A workers A1; A fills; S waits FB; FB queued B; B workers B1; B1 waits FB9;"
                    + " FB9 queued B; B fills; A submitters S; B submitters B1",
                "A1", "STARVATION timed=false threads=[A1] pools=[A]"));
    }

    private static Arguments row(String name, String table, String closing, String expected) {
        return arguments(name, table, closing, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verdict(String name, String table, String closing, String expected) {
        FillingModel model = FillingModel.parse(table);
        Verdict<Node, Node, Node> verdict = DeadlockDetector.check(model, model.table.node(closing));
        assertEquals(expected, TableModel.describe(verdict), name);
        assertEquals(0, model.asking(), "nothing left marked as being asked");
    }

    @Test
    void aLongChainOfFillingPoolsIsCutShortAsMaySubmit() {
        // S0 submitted to P0 and waits on a task queued in P1, whose submitter S1 waits on one queued in P2, ...
        StringBuilder t = new StringBuilder("W waits F0; F0 queued P0; P0 workers W; ");
        for (int i = 0; i < 8; i++) {
            t.append("P").append(i).append(" fills; P").append(i).append(" submitters S").append(i).append("; ")
                    .append("S").append(i).append(" waits G").append(i + 1).append("; G").append(i + 1)
                    .append(" queued P").append(i + 1).append("; P").append(i + 1).append(" workers V").append(i + 1)
                    .append("; V").append(i + 1).append(" waits H").append(i + 1).append("; H").append(i + 1)
                    .append(" queued P").append(i + 1).append("; ");
        }
        FillingModel model = FillingModel.parse(t.toString());
        assertEquals("none", TableModel.describe(DeadlockDetector.check(model, model.table.node("W"))),
                "deeper than the bound: unknown, so the pool may still grow");
    }

    @Test
    void aFailingModelLeavesNothingMarked() {
        FillingModel model = FillingModel.parse(SPR + "; P submitters main,W1");
        model.failOn = model.table.node("O1");
        assertThrows(IllegalStateException.class, () -> DeadlockDetector.check(model, model.table.node("W5")));
        assertEquals(0, model.asking());
        model.failOn = null;
        assertEquals(STARVED, TableModel.describe(DeadlockDetector.check(model, model.table.node("W5"))));
    }

    @Test
    void directAnswers() {
        FillingModel model = FillingModel.parse(SPR + "; P submitters main; U waits I1");
        Node pool = model.table.node("P");
        assertTrue(GrowthBySubmission.someoneMaySubmit(model, pool, null), "too many to know");
        assertFalse(GrowthBySubmission.someoneMaySubmit(model, pool, List.of()), "nobody");
        assertTrue(GrowthBySubmission.someoneMaySubmit(model, pool, List.of(model.table.node("free"))), "not waiting");
        assertFalse(GrowthBySubmission.someoneMaySubmit(model, pool, List.of(model.table.node("W1"))), "own worker waiting");
        assertFalse(GrowthBySubmission.someoneMaySubmit(model, pool, List.of(model.table.node("U"))),
                "an outside thread blocked on the pool's queue");
        assertFalse(GrowthBySubmission.someoneMaySubmit(model, pool, List.of(model.table.node("main"))),
                "main blocked through a worker");
    }

    /** A {@link TableModel} whose "fills" pools grow only by submission, judged by {@link GrowthBySubmission}. */
    static final class FillingModel implements WaitModel<Node, Node, Node> {
        final TableModel table;
        final Map<Node, Collection<Node>> submitters = new IdentityHashMap<>();
        final List<Node> fills = new ArrayList<>();
        Node failOn;

        private FillingModel(TableModel table) {
            this.table = table;
        }

        static FillingModel parse(String text) {
            List<String> rest = new ArrayList<>();
            List<String[]> mine = new ArrayList<>();
            for (String statement : text.split(";")) {
                String[] w = statement.trim().split("\\s+");
                if (w.length >= 2 && (w[1].equals("fills") || w[1].equals("submitters") || w[1].equals("many"))) {
                    mine.add(w);
                } else {
                    rest.add(statement);
                }
            }
            FillingModel model = new FillingModel(TableModel.parse(String.join(";", rest)));
            for (String[] w : mine) {
                Node pool = model.table.node(w[0]);
                switch (w[1]) {
                    case "fills" -> model.fills.add(pool);
                    case "many" -> model.submitters.put(pool, null);
                    default -> {
                        List<Node> threads = new ArrayList<>();
                        if (!w[2].equals("-")) {
                            for (String name : w[2].split(",")) {
                                threads.add(model.table.node(name));
                            }
                        }
                        model.submitters.put(pool, threads);
                    }
                }
            }
            return model;
        }

        /** How many pools are marked as being asked about on this thread (0 between questions). */
        int asking() {
            return GrowthBySubmission.depthNow();
        }

        @Override
        public boolean canStartWorker(Node pool) {
            if (table.canStartWorker(pool)) {
                return true;
            }
            return fills.contains(pool)
                    && GrowthBySubmission.someoneMaySubmit(this, pool, submitters.getOrDefault(pool, List.of()));
        }

        @Override
        public Node awaitedBy(Node thread) {
            Node future = table.awaitedBy(thread);
            if (future != null && future == failOn) {
                throw new IllegalStateException("failing on purpose");
            }
            return future;
        }

        @Override
        public boolean timedWait(Node thread) {
            return table.timedWait(thread);
        }

        @Override
        public boolean isDone(Node future) {
            return table.isDone(future);
        }

        @Override
        public Node runnerOf(Node future) {
            return table.runnerOf(future);
        }

        @Override
        public Node poolQueueing(Node future) {
            return table.poolQueueing(future);
        }

        @Override
        public Node poolOf(Node thread) {
            return table.poolOf(thread);
        }

        @Override
        public Collection<Node> workersOf(Node pool) {
            return table.workersOf(pool);
        }

        @Override
        public boolean busy(Node worker) {
            return table.busy(worker);
        }
    }
}
