package dev.poolguard.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.Checks;
import dev.poolguard.it.ChildJvm;
import dev.poolguard.it.Jdk;
import dev.poolguard.it.Report;

/**
 * Issue #5 part 6, a real server: embedded Tomcat 9.0.50 from Maven Central ({@link TomcatServer}), whose
 * request pool is a java.util.concurrent.ThreadPoolExecutor subclass, serving concurrent requests on
 * 127.0.0.1 with the agent attached, then SIGTERM while slow requests are in flight.
 */
class TomcatIT {
    static final int CONCURRENCY = 16;
    static final int SLOW = 6;

    /** What the client saw and what the server did. */
    record Outcome(ChildJvm.Result result, String described, List<String> loadFailures, List<String> slowFailures) {}

    /**
     * Starts the server, sends {@code load} concurrent /work requests (checked), then {@link #SLOW} slow
     * requests ({@code slowQuery} appended), waits until all of them run, sends SIGTERM and collects the
     * slow responses.
     */
    static Outcome serve(Jdk jdk, String label, boolean agent, String mode, int load, String slowQuery)
            throws Exception {
        return serve(TomcatServer.class, "tomcat", jdk, label, agent, mode, load, slowQuery);
    }

    /** The same with another server program ({@code main}) and its set of jars ({@code libs}). */
    static Outcome serve(Class<?> main, String libs, Jdk jdk, String label, boolean agent, String mode, int load,
                         String slowQuery) throws Exception {
        ChildJvm child = ChildJvm.on(jdk).noAgent().label(libs + "-" + label);
        Path base = child.logDir().resolve("tomcat-base");
        Files.createDirectories(base);
        if (agent) {
            Path report = child.logDir().resolve("report.jsonl");
            child.agentFlag("report=" + report + ",grace=10s").report(report);
        }
        ChildJvm.Running server = child.classPath(Libs.set(libs)).main(main, base.toString(), mode)
                .timeout(Duration.ofSeconds(60)).start();
        String portLine = server.awaitLine(l -> l.startsWith("PORT "), "PORT n");
        int port = Integer.parseInt(portLine.substring(5));
        ExecutorService clientThreads = Executors.newFixedThreadPool(CONCURRENCY);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<String> loadFailures = new ArrayList<>();
        List<String> slowFailures = new ArrayList<>();
        try {
            Semaphore window = new Semaphore(CONCURRENCY);
            List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
            for (int i = 0; i < load; i++) {
                window.acquire();
                requests.add(http.sendAsync(get(port, "/work?n=" + i), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, error) -> window.release()));
            }
            for (int i = 0; i < load; i++) {
                check(requests.get(i), "work " + i + " -> " + (3 * i), "load request " + i, loadFailures);
            }
            List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
            for (int i = 0; i < SLOW; i++) {
                slow.add(http.sendAsync(get(port, "/slow?ms=800&id=" + i + slowQuery),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < SLOW; i++) {
                String line = "SLOW START " + i;
                server.awaitLine(line::equals, line);
            }
            server.sigterm();
            for (int i = 0; i < SLOW; i++) {
                check(slow.get(i), "slow " + i, "in-flight request " + i, slowFailures);
            }
        } finally {
            clientThreads.shutdownNow();
        }
        ChildJvm.Result r = server.await();
        return new Outcome(r, server.describe(r), loadFailures, slowFailures);
    }

    /**
     * The server as servers are run: a graceful stop in a shutdown hook. 300 requests, 16 at a time, then
     * SIGTERM with six slow ones in flight: every request answers correctly, the graceful stop finds nothing
     * left, the drain ends well within the grace period, no deadlock or risk, a complete report.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void servesUnderLoadAndShutsDownGracefullyOnSigterm(Jdk jdk) throws Exception {
        Outcome o = serve(jdk, "graceful", true, "graceful", 300, "");
        ChildJvm.Result r = o.result();
        assertTrue(o.loadFailures().isEmpty(), () -> "requests failed: " + o.loadFailures() + "\n" + o.described());
        assertTrue(o.slowFailures().isEmpty(), () -> "in-flight requests failed: " + o.slowFailures() + "\n" + o.described());
        assertFalse(r.timedOut(), o.described());
        assertEquals(143, r.exitCode(), () -> "SIGTERM's exit status (128+15)\n" + o.described());
        assertTrue(r.stdoutLines().get(0).contains("extends java.util.concurrent.ThreadPoolExecutor"), o.described());
        Checks.printed(r, "GRACEFUL STOP in-flight-left=0");
        for (int i = 0; i < SLOW; i++) Checks.printed(r, "SLOW END " + i);
        assertTrue(r.stdoutLines().stream().noneMatch(l -> l.startsWith("REQUEST FAILED")), o.described());
        assertTrue(r.stderrStartingWith("[poolguard] ERROR").isEmpty(), o.described());
        completeQuietReport(r);
    }

    /**
     * Graceful shutdown again, but the in-flight requests end with a step on a cached pool that has no
     * live thread (its idle threads timed out, or, as here, nobody used it yet). Without the agent that step
     * starts a thread and the requests succeed (checked first, as the baseline). With the agent too:
     * the request threads run pre-shutdown work (requests accepted before SIGTERM), so the cold pool may
     * start a worker for them (contract, shutdown sequence, step 2; issue 14).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void inFlightRequestThatNeedsANewPoolThreadDuringGracefulShutdown(Jdk jdk) throws Exception {
        Outcome baseline = serve(jdk, "cold-baseline", false, "graceful", 20, "&cold=1");
        assertTrue(baseline.slowFailures().isEmpty() && baseline.loadFailures().isEmpty(),
                () -> "without the agent every request should succeed: " + baseline.slowFailures() + "\n"
                        + baseline.described());
        Outcome o = serve(jdk, "cold", true, "graceful", 20, "&cold=1");
        assertTrue(o.loadFailures().isEmpty(), () -> "requests failed: " + o.loadFailures() + "\n" + o.described());
        assertTrue(o.slowFailures().isEmpty(), () -> "in-flight requests that succeed without the agent failed with it: "
                + o.slowFailures() + "\n" + o.described());
        assertEquals(143, o.result().exitCode(), o.described());
    }

    /**
     * Embedded Tomcat's default: no graceful stop, nothing in the application waits for requests in flight.
     * Here poolguard's drain is what waits for them (without the agent they are cut off at halt), and an
     * in-flight request still hands work to the application's pool: the drain accepts it, since the request
     * is pre-shutdown work (contract, step 4; issue 14).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void drainLetsInFlightRequestsOfAPlainTomcatFinish(Jdk jdk) throws Exception {
        Outcome o = serve(jdk, "plain", true, "plain", 40, "");
        assertTrue(o.loadFailures().isEmpty(), () -> "requests failed: " + o.loadFailures() + "\n" + o.described());
        assertTrue(o.slowFailures().isEmpty(), () -> "in-flight requests failed during the drain: " + o.slowFailures()
                + "\n" + o.described());
        assertEquals(143, o.result().exitCode(), o.described());
        completeQuietReport(o.result());
    }

    /** A report with start, shutdown by signal, nothing left, no finding, no internal failure. */
    static void completeQuietReport(ChildJvm.Result r) {
        Report rep = r.report();
        assertTrue(rep.strings(rep.single("agent-start"), "problems").isEmpty(), rep::context);
        Map<String, Object> end = Checks.shutdownShape(rep);
        Checks.shutdownStart(rep, "SIGNAL", 143);
        Checks.nothingLeft(rep);
        assertEquals(Boolean.FALSE, rep.field(end, "graceExpired"), rep::context);
        assertTrue(rep.number(end, "drainMillis") < 10_000, rep::context);
        assertFalse(rep.has("deadlock"), () -> "false deadlock\n" + rep.context());
        assertFalse(rep.has("risk"), () -> "false risk\n" + rep.context());
        assertFalse(rep.has("feature-disabled"), rep::context);
    }

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .GET().build();
    }

    private static void check(CompletableFuture<HttpResponse<String>> future, String body, String what,
                              List<String> failures) {
        try {
            HttpResponse<String> response = future.join();
            if (response.statusCode() != 200 || !response.body().equals(body)) {
                String text = response.body();
                int message = text.indexOf("<b>Message</b>");
                failures.add(what + ": " + response.statusCode() + " '"
                        + (message >= 0 ? text.substring(message + 14, Math.min(text.length(), message + 200)) : text) + "'");
            }
        } catch (RuntimeException e) {
            failures.add(what + ": " + e);
        }
    }
}
