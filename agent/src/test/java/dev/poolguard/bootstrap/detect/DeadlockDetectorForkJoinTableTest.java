package dev.poolguard.bootstrap.detect;

import dev.poolguard.bootstrap.waits.ForkJoinWaits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ForkJoinPools as the runtime's model presents them to the detector ({@code ForkJoinWaits}): a pool
 * queues a task only when stuck (at its parallelism, every worker in a long wait), its workers are its
 * queues' owners, a compensating spare is one more worker that is not waiting, and a wait the pool helps
 * with is never registered (the task is then found nowhere: unknown, progress).
 */
class DeadlockDetectorForkJoinTableTest {

    static Stream<Arguments> cases() {
        return Stream.of(
            row("ForkJoinPool(1): the only worker waits on a FutureTask queued in its pool",
                "T1 waits F2; F2 queued P1; P1 workers T1", "T1",
                "STARVATION timed=false threads=[T1] pools=[P1]"),
            row("ForkJoinPool(1) whose waiter was compensated (managed block): the spare is not waiting",
                "T1 waits F2; F2 queued P1; P1 workers T1,T2", "T1", "none"),
            row("ForkJoinPool below its parallelism: it may start a worker",
                "T1 waits F2; F2 queued P1; P1 workers T1; P1 grows", "T1", "none"),
            row("ForkJoinPool worker waits on a FutureTask another pool's worker runs",
                "T1 waits F2; F2 runs T2; P1 workers T1; P2 workers T2", "T1", "none"),
            row("ForkJoinPool worker waits on a task queued in a stuck executor whose worker waits on the FJP",
                "T1 waits F2; F2 queued P2; P2 workers T2; T2 waits F3; F3 queued P1; P1 workers T1", "T1",
                "STARVATION timed=false threads=[T1, T2] pools=[P2, P1]"),
            row("a task the pool would help with is found in no queue: unknown, no deadlock",
                "T1 waits F2; P1 workers T1", "T1", "none"));
    }

    private static Arguments row(String name, String table, String closing, String expected) {
        return arguments(name, table, closing, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void detects(String name, String table, String closing, String expected) {
        TableModel model = TableModel.parse(table);
        assertEquals(expected, TableModel.describe(DeadlockDetector.check(model, model.node(closing))),
            name + ": " + table);
    }
}
