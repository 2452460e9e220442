package dev.poolguard.bootstrap.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whether the closing wait is part of the ring it is blocked on ({@code closesLoop}), or only joins a
 * deadlock that other waits closed before. Only the former is reported and, in fail mode, thrown.
 */
class DeadlockDetectorClosingTest {

    static Stream<Arguments> cases() {
        return Stream.of(
            arguments("self-wait", "T1 waits F1; F1 runs T1; P1 workers T1", "T1", true),
            arguments("submit-and-wait", "F1 runs T1; T1 waits F2; F2 queued P1; P1 workers T1", "T1", true),
            arguments("second of two starving workers", "T1 waits F3; T2 waits F4; F3 queued P1; F4 queued P1;"
                    + " P1 workers T1,T2", "T2", true),
            arguments("mutual wait", "T1 waits F2; F2 runs T2; T2 waits F1; F1 runs T1", "T1", true),
            arguments("ring of 3 through main", "main waits F1; F1 runs A1; A1 waits F2; F2 runs B1; B1 waits F3;"
                    + " F3 runs main; P1 workers A1,A2; A2 idle; P2 workers B1", "main", true),
            arguments("cross-pool starvation", "A1 waits F2; F2 queued P2; P2 workers B1; B1 waits F1;"
                    + " F1 queued P1; P1 workers A1", "B1", true),
            arguments("main joins a self-waiting worker", "T1 waits F1; F1 runs T1; main waits F1", "main", false),
            arguments("a third thread joins a ring", "T1 waits F2; F2 runs T2; T2 waits F1; F1 runs T1; T3 waits F1",
                    "T3", false),
            arguments("main joins a starving pool", "T1 waits F2; F2 queued P1; P1 workers T1; main waits F3;"
                    + " F3 queued P1", "main", false),
            arguments("a worker of another pool joins a ring", "T1 waits F2; F2 runs T2; T2 waits F1; F1 runs T1;"
                    + " X1 waits F1; P9 workers X1", "X1", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void tellsClosingFromJoining(String name, String table, String closing, boolean closesLoop) {
        TableModel model = TableModel.parse(table);
        Verdict<TableModel.Node, TableModel.Node, TableModel.Node> verdict =
                DeadlockDetector.check(model, model.node(closing));
        assertNotNull(verdict, name + ": every row is blocked");
        assertEquals(closesLoop, verdict.closesLoop(), name + ": " + table);
    }
}
