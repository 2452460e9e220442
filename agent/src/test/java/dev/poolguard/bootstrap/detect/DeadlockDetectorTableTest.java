package dev.poolguard.bootstrap.detect;

import dev.poolguard.bootstrap.waits.CompletionServiceTasks;
import dev.poolguard.bootstrap.waits.StageRoots;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The detector against hand-written tables: each row is a model (see {@link TableModel} for the
 * statements), the thread whose wait begins, and the expected verdict ("none" when there is no deadlock).
 */
class DeadlockDetectorTableTest {

    static Stream<Arguments> cases() {
        return Stream.of(
            // --- SELF_WAIT: the closing thread waits on the task it runs itself
            row("self-wait in a worker",
                "T1 waits F1; F1 runs T1; P1 workers T1", "T1",
                "SELF_WAIT timed=false threads=[T1] pools=[]"),
            row("self-wait in main (FutureTask.run then get inside it)",
                "main waits F1; F1 runs main", "main",
                "SELF_WAIT timed=false threads=[main] pools=[]"),
            row("self-wait that is timed",
                "T1 waits F1; F1 runs T1; T1 timed", "T1",
                "SELF_WAIT timed=true threads=[T1] pools=[]"),
            row("self-run future already done: no deadlock",
                "T1 waits F1; F1 runs T1; F1 done", "T1", "none"),

            // --- issue 13: dependent stages (prerequisites), any-of waits, locks
            row("worker waits on a dependent stage of a supply queued in its own 1-worker pool",
                "T1 waits B; B after A; A queued P1; P1 workers T1", "T1",
                "STARVATION timed=false threads=[T1] pools=[P1]"),
            row("dependent stage of a supply that a free thread runs: no deadlock",
                "T1 waits B; B after A; A runs X; P1 workers T1", "T1", "none"),
            row("dependent stage whose source is done and whose own task is queued in the stuck pool",
                "T1 waits B; B after A; A done; B queued P1; P1 workers T1", "T1",
                "STARVATION timed=false threads=[T1] pools=[P1]"),
            row("dependent stage of the waiter's own running task: self-wait",
                "T1 waits C; C after B; B after A; A runs T1", "T1",
                "SELF_WAIT timed=false threads=[T1] pools=[]"),
            row("dependent stage with an unknown source: no deadlock",
                "T1 waits B; B after A; P1 workers T1", "T1", "none"),
            row("completion service take: every pending task queued in the stuck pool",
                "T1 waits S; S anyof F1,F2; F1 queued P1; F2 queued P1; P1 workers T1", "T1",
                "STARVATION timed=false threads=[T1] pools=[P1]"),
            row("completion service take: one pending task runs on a free thread",
                "T1 waits S; S anyof F1,F2; F1 queued P1; F2 runs X; P1 workers T1", "T1", "none"),
            row("completion service take with nothing pending: no deadlock",
                "T1 waits S; S anyof -; P1 workers T1", "T1", "none"),
            row("completion service take with one pending task done: no deadlock",
                "T1 waits S; S anyof F1,F2; F1 queued P1; F2 done; P1 workers T1", "T1", "none"),
            // what the live model answers for issue 13's shapes 2-4 (StageRoots, CompletionServiceTasks)
            row("anyOf of two supplies, both queued in the waiter's stuck pool",
                "T1 waits D; D anyof A,B; A queued P1; B queued P1; P1 workers T1", "T1",
                "STARVATION timed=false threads=[T1] pools=[P1]"),
            row("anyOf whose one part hangs from a queued supply and whose other part runs freely: no deadlock",
                "T1 waits D; D anyof A,C; C after B; B queued P1; A runs X; P1 workers T1", "T1", "none"),
            row("anyOf whose parts are a dependent of a queued supply and a queued supply",
                "T1 waits D; D anyof A,C; C after B; B queued P1; A queued P1; P1 workers T1", "T1",
                "STARVATION timed=false threads=[T1] pools=[P1]"),
            row("timed completion-service poll, every pending task queued: a timed deadlock",
                "T1 waits S; S anyof F1,F2; F1 queued P1; F2 queued P1; P1 workers T1; T1 timed", "T1",
                "STARVATION timed=true threads=[T1] pools=[P1]"),
            row("thenCompose of a thenApply of a supply queued in the stuck pool (two prerequisites)",
                "T1 waits E; E after D; D after A; A queued P1; P1 workers T1", "T1",
                "STARVATION timed=false threads=[T1] pools=[P1]"),
            row("completion-service take whose pending task runs on a worker waiting on the taker's task",
                "T1 waits S; S anyof F1; F1 runs T2; T2 waits F3; F3 runs T1", "T1",
                "CYCLE timed=false threads=[T1, T2] pools=[]"),
            row("lock and future cycle: T1 holds the lock and waits on F2, whose runner wants the lock",
                "T1 waits F2; F2 runs T2; T2 locked T1", "T1",
                "CYCLE timed=false threads=[T1, T2] pools=[]"),
            row("lock owned by a thread that is not blocked: no deadlock",
                "T1 waits F2; F2 runs T2; T2 locked T3", "T1", "none"),
            row("lock chain into a starved pool",
                "T1 waits F2; F2 runs T2; T2 locked T3; T3 waits F4; F4 queued P1; P1 workers T3", "T1",
                "STARVATION timed=false threads=[T1, T2, T3] pools=[P1]"),

            // --- STARVATION inside one pool
            row("submit-and-wait in a 1-worker pool",
                "F1 runs T1; T1 waits F2; F2 queued P1; P1 workers T1", "T1",
                "STARVATION timed=false threads=[T1] pools=[P1]"),
            row("2 workers both wait on queued tasks, closed by T1",
                "T1 waits F3; T2 waits F4; F3 queued P1; F4 queued P1; P1 workers T1,T2", "T1",
                "STARVATION timed=false threads=[T1, T2] pools=[P1]"),
            row("2 workers both wait on queued tasks, closed by T2",
                "T1 waits F3; T2 waits F4; F3 queued P1; F4 queued P1; P1 workers T1,T2", "T2",
                "STARVATION timed=false threads=[T2, T1] pools=[P1]"),
            row("2 workers, only one waits, the other idle",
                "T1 waits F3; F3 queued P1; P1 workers T1,T2; T2 idle", "T1", "none"),
            row("2 workers, only one waits, the other busy but not waiting",
                "T1 waits F3; F3 queued P1; F2 runs T2; P1 workers T1,T2", "T1", "none"),
            row("1-worker pool that can still grow",
                "T1 waits F2; F2 queued P1; P1 workers T1; P1 grows", "T1", "none"),
            row("pool with no live workers that cannot grow",
                "main waits F1; F1 queued P1; P1 workers -", "main",
                "STARVATION timed=false threads=[main] pools=[P1]"),
            row("pool with no live workers that can grow",
                "main waits F1; F1 queued P1; P1 workers -; P1 grows", "main", "none"),
            row("main waits on a worker that starves its own pool",
                "main waits F1; F1 runs W1; W1 waits F2; F2 queued P1; P1 workers W1,W2; W2 waits F3; F3 queued P1",
                "main", "STARVATION timed=false threads=[main, W1, W2] pools=[P1]"),
            row("waiting worker whose pool-mate waits on a running task of a free thread",
                "T1 waits F3; F3 queued P1; P1 workers T1,T2; T2 waits F9; F9 runs X", "T1", "none"),
            row("cross-pool starvation",
                "A1 waits F2; F2 queued P2; P2 workers B1; B1 waits F1; F1 queued P1; P1 workers A1", "A1",
                "STARVATION timed=false threads=[A1, B1] pools=[P2, P1]"),
            row("cross-pool starvation, closed from the other side",
                "A1 waits F2; F2 queued P2; P2 workers B1; B1 waits F1; F1 queued P1; P1 workers A1", "B1",
                "STARVATION timed=false threads=[B1, A1] pools=[P1, P2]"),
            row("cross-pool, but the far pool has an idle worker",
                "A1 waits F2; F2 queued P2; P2 workers B1,B2; B2 idle; B1 waits F1; F1 queued P1; P1 workers A1",
                "A1", "none"),
            row("chain ending in a pool with an idle worker",
                "T1 waits F2; F2 runs T2; T2 waits F3; F3 queued P1; P1 workers T2,T3; T3 idle", "T1", "none"),
            row("starvation with one timed wait among the workers",
                "T1 waits F3; T2 waits F4; F3 queued P1; F4 queued P1; P1 workers T1,T2; T2 timed", "T1",
                "STARVATION timed=true threads=[T1, T2] pools=[P1]"),

            // --- CYCLE: rings of threads waiting on each other's running tasks
            row("mutual wait",
                "T1 waits F2; F2 runs T2; T2 waits F1; F1 runs T1", "T1",
                "CYCLE timed=false threads=[T1, T2] pools=[]"),
            row("ring of 3 across two pools and main, closed by main",
                "main waits F1; F1 runs A1; A1 waits F2; F2 runs B1; B1 waits F3; F3 runs main;"
                    + " P1 workers A1,A2; A2 idle; P2 workers B1", "main",
                "CYCLE timed=false threads=[main, A1, B1] pools=[]"),
            row("ring of 3 across two pools and main, closed by B1",
                "main waits F1; F1 runs A1; A1 waits F2; F2 runs B1; B1 waits F3; F3 runs main;"
                    + " P1 workers A1,A2; A2 idle; P2 workers B1", "B1",
                "CYCLE timed=false threads=[B1, main, A1] pools=[]"),
            row("main runs no task, so a ring cannot go through it",
                "main waits F1; F1 runs W1; W1 waits F0; P1 workers W1", "main", "none"),
            row("a thread further along waits on its own task: CYCLE, not SELF_WAIT",
                "T1 waits F2; F2 runs T2; T2 waits F3; F3 runs T2", "T1",
                "CYCLE timed=false threads=[T1, T2] pools=[]"),
            row("timed wait inside the ring",
                "T1 waits F2; F2 runs T2; T2 waits F1; F1 runs T1; T2 timed", "T1",
                "CYCLE timed=true threads=[T1, T2] pools=[]"),
            row("timed waiter outside the reachable ring does not make it timed",
                "T1 waits F2; F2 runs T2; T2 waits F1; F1 runs T1; T3 waits F1; T3 timed", "T1",
                "CYCLE timed=false threads=[T1, T2] pools=[]"),

            // --- joining an existing deadlock
            row("a waiter joining an existing ring",
                "T1 waits F2; F2 runs T2; T2 waits F1; F1 runs T1; T3 waits F1", "T3",
                "CYCLE timed=false threads=[T3, T1, T2] pools=[]"),
            row("main joining an existing starvation",
                "T1 waits F2; F2 queued P1; P1 workers T1; main waits F3; F3 queued P1", "main",
                "STARVATION timed=false threads=[main, T1] pools=[P1]"),
            row("timed joiner makes its own verdict timed",
                "T1 waits F2; F2 runs T2; T2 waits F1; F1 runs T1; T3 waits F1; T3 timed", "T3",
                "CYCLE timed=true threads=[T3, T1, T2] pools=[]"),

            // --- no deadlock
            row("wait on a done future",
                "T1 waits F2; F2 runs T2; T2 waits F1; F1 runs T1; F1 done", "T1", "none"),
            row("ring broken by a done future, seen from the other side",
                "T1 waits F2; F2 runs T2; T2 waits F1; F1 runs T1; F1 done", "T2", "none"),
            row("future with no runner and no queue (unknown producer)",
                "T1 waits F9", "T1", "none"),
            row("chain T1 -> T2 -> T3, T3 not waiting",
                "T1 waits F2; F2 runs T2; T2 waits F3; F3 runs T3", "T1", "none"),
            row("closing thread is not waiting",
                "F1 runs T1", "T1", "none"),
            row("ring of 3 without the closing link yet",
                "T1 waits F2; F2 runs T2; T2 waits F3; F3 runs T3; T3 waits F9", "T1", "none"),
            row("chain T1 -> T2 -> T3 -> T1 closes a ring",
                "T1 waits F2; F2 runs T2; T2 waits F3; F3 runs T3; T3 waits F1; F1 runs T1", "T3",
                "CYCLE timed=false threads=[T3, T1, T2] pools=[]"),
            row("runner takes precedence over a stale queue entry",
                "T1 waits F2; F2 runs T2; F2 queued P1; P1 workers T1", "T1", "none"));
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
