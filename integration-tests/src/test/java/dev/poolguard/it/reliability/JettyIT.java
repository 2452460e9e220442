package dev.poolguard.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.Checks;
import dev.poolguard.it.Jdk;
import dev.poolguard.it.reliability.TomcatIT.Outcome;

/**
 * Issue 14 on a second real server: embedded Jetty 12 ({@link JettyServer}), whose request threads are its
 * own (not a ThreadPoolExecutor's), stopped with SIGTERM while slow requests are in flight. Each case runs
 * the same stop without the agent first and compares.
 */
class JettyIT {
    /**
     * A graceful stop (a hook waits for the requests in flight) whose requests end with a step on a cold
     * cached pool: every in-flight request answers, exactly as without the agent.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void gracefulStopWithAColdPoolAnswersEveryRequestAsWithoutTheAgent(Jdk jdk) throws Exception {
        Outcome baseline = TomcatIT.serve(JettyServer.class, "jetty", jdk, "cold-baseline", false, "graceful", 20, "&cold=1");
        assertTrue(baseline.loadFailures().isEmpty() && baseline.slowFailures().isEmpty(),
                () -> "without the agent every request answers: " + baseline.slowFailures() + "\n" + baseline.described());
        Outcome o = TomcatIT.serve(JettyServer.class, "jetty", jdk, "cold", true, "graceful", 20, "&cold=1");
        assertEquals(baseline.loadFailures(), o.loadFailures(), o.described());
        assertEquals(baseline.slowFailures(), o.slowFailures(), () -> "in-flight requests differ from the run without"
                + " the agent\n" + o.described());
        assertEquals(baseline.result().exitCode(), o.result().exitCode(), o.described());
        assertEquals(143, o.result().exitCode(), o.described());
        Checks.printed(o.result(), "GRACEFUL STOP in-flight-left=0");
        for (int i = 0; i < TomcatIT.SLOW; i++) Checks.printed(o.result(), "SLOW END " + i);
        TomcatIT.completeQuietReport(o.result());
    }

    /**
     * Jetty stopped without a graceful hook: nothing in the application waits for the requests in flight,
     * so they may be cut off at halt. With the agent, no fewer of them answer than without it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void aStopWithoutAGracefulHookIsNoWorseWithTheAgent(Jdk jdk) throws Exception {
        Outcome baseline = TomcatIT.serve(JettyServer.class, "jetty", jdk, "plain-baseline", false, "plain", 20, "");
        Outcome o = TomcatIT.serve(JettyServer.class, "jetty", jdk, "plain", true, "plain", 20, "");
        assertTrue(o.loadFailures().isEmpty(), () -> "requests before the stop failed: " + o.loadFailures() + "\n" + o.described());
        assertTrue(o.slowFailures().size() <= baseline.slowFailures().size(),
                () -> "more in-flight requests failed with the agent (" + o.slowFailures() + ") than without ("
                        + baseline.slowFailures() + ")\n" + o.described() + "\n" + baseline.described());
        assertEquals(baseline.result().exitCode(), o.result().exitCode(), o.described());
        Checks.shutdownShape(o.result().report());
    }
}
