package dev.poolguard.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.poolguard.bootstrap.shutdown.ShutdownSummary;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary.InFlightTask;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary.QueuedTask;

/** The summary line says "nothing left undone" only when nothing is in flight or queued and nothing was refused. */
class ShutdownSummaryTextTest {
    @ParameterizedTest(name = "running {0}, queued {1}, rejected {2}")
    @CsvSource({
            "0, 0, 0, shutdown: nothing left undone;",
            "0, 0, 1, 'shutdown: every accepted task finished, but 1 submission was refused'",
            "0, 0, 6, 'shutdown: every accepted task finished, but 6 submissions were refused'",
            "1, 0, 0, shutdown: 1 task left undone (1 running, 0 queued and never run)",
            "1, 2, 3, shutdown: 3 tasks left undone (1 running, 2 queued and never run)",
    })
    void theFirstLine(int running, int queued, int rejected, String start) {
        List<InFlightTask> inFlight = java.util.Collections.nCopies(running,
                new InFlightTask("p", "t", "task", new StackTraceElement[0]));
        List<QueuedTask> waiting = java.util.Collections.nCopies(queued, new QueuedTask("p", "q"));
        String text = LogText.shutdownEnded(new ShutdownSummary(0, false, 0, rejected, inFlight, waiting), 3);
        assertTrue(text.startsWith(start), text);
        if (rejected > 0) {
            assertFalse(text.contains("nothing left undone"), text);
        }
        assertEquals(running + queued == 0, new ShutdownSummary(0, false, 0, rejected, inFlight, waiting).clean());
    }
}
