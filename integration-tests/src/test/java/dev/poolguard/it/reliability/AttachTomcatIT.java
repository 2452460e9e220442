package dev.poolguard.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.AttachRun;
import dev.poolguard.it.ChildJvm;
import dev.poolguard.it.Jdk;

/**
 * Issue 15 on a real server started without the agent ({@link HungTomcat}): {@code attach} names the
 * STARVATION that hangs its request threads, and finds nothing in a busy healthy one, whose requests all
 * succeed during and after the look.
 */
class AttachTomcatIT {
    private static final int CONCURRENCY = 8;
    private static final int LOAD = 600;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void namesTheStarvationThatHangsTheRequests(Jdk jdk) throws Exception {
        ChildJvm child = ChildJvm.on(jdk).noAgent().label("attach-tomcat-hung");
        ChildJvm.Running server = start(child);
        int port = port(server);
        HttpClient http = client();
        List<CompletableFuture<HttpResponse<String>>> hung = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                hung.add(http.sendAsync(get(port, "/report"), HttpResponse.BodyHandlers.ofString()));
            }
            server.awaitLine(l -> l.equals("OUTER STARTED") && server.stdoutSoFar().stream()
                    .filter("OUTER STARTED"::equals).count() == 2, "two OUTER STARTED");
            AttachRun run = AttachRun.untilFound(jdk, 10, server.pid());
            assertEquals(1, run.exit(), run.describe());
            assertTrue(run.stdout().contains("DEADLOCK STARVATION: the awaited tasks are queued in a pool whose every"
                    + " worker is itself waiting, and the pool will not start another worker, so nothing is left to run"
                    + " them."), run.describe());
            assertTrue(run.out().contains("  thread 'app-pool-1' of pool ThreadPoolExecutor#"), run.describe());
            assertTrue(run.out().contains("  thread 'app-pool-2' of pool ThreadPoolExecutor#"), run.describe());
            assertTrue(run.out().contains("(app-pool-) (java.util.concurrent.ThreadPoolExecutor): 2 of at most 2 workers, 2 tasks queued"),
                    run.describe());
            assertTrue(hung.stream().noneMatch(CompletableFuture::isDone), "the requests hang");
        } finally {
            server.kill9();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void findsNothingInABusyHealthyServerWhichKeepsServing(Jdk jdk) throws Exception {
        ChildJvm child = ChildJvm.on(jdk).noAgent().label("attach-tomcat-busy");
        ChildJvm.Running server = start(child);
        int port = port(server);
        HttpClient http = client();
        try {
            CountDownLatch warm = new CountDownLatch(LOAD / 4);
            List<String> failures = new ArrayList<>();
            CompletableFuture<Void> during = CompletableFuture.runAsync(() -> load(http, port, 0, LOAD, warm, failures));
            warm.await(60, TimeUnit.SECONDS); // a quarter of the load answered: attach while the rest runs
            AttachRun run = AttachRun.run(jdk, server.pid());
            during.get(60, TimeUnit.SECONDS);
            load(http, port, LOAD, LOAD, new CountDownLatch(0), failures);
            assertEquals(0, run.exit(), run.describe());
            assertTrue(run.out().endsWith("poolguard attach: no deadlock in pid " + server.pid()), run.describe());
            assertTrue(failures.isEmpty(), "requests failed: " + failures);
            assertTrue(server.alive());
        } finally {
            server.kill9();
        }
    }

    private static ChildJvm.Running start(ChildJvm child) throws Exception {
        Path base = child.logDir().resolve("tomcat-base");
        Files.createDirectories(base);
        return child.classPath(Libs.set("tomcat")).main(HungTomcat.class, base.toString())
                .timeout(Duration.ofSeconds(90)).start();
    }

    private static int port(ChildJvm.Running server) {
        return Integer.parseInt(server.awaitLine(l -> l.startsWith("PORT "), "PORT n").substring(5));
    }

    private static HttpClient client() {
        ExecutorService clientThreads = Executors.newFixedThreadPool(CONCURRENCY, r -> {
            Thread t = new Thread(r, "attach-it-client");
            t.setDaemon(true);
            return t;
        });
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** {@code count} /work requests, {@link #CONCURRENCY} at a time, each answer checked. */
    private static void load(HttpClient http, int port, int first, int count, CountDownLatch answered,
                             List<String> failures) {
        Semaphore window = new Semaphore(CONCURRENCY);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            int n = i;
            window.acquireUninterruptibly();
            all.add(http.sendAsync(get(port, "/work?n=" + n), HttpResponse.BodyHandlers.ofString())
                    .handle((response, error) -> {
                        window.release();
                        answered.countDown();
                        String expected = "work " + n + " -> " + (3 * n);
                        if (error != null || response.statusCode() != 200 || !expected.equals(response.body())) {
                            synchronized (failures) {
                                failures.add(n + ": " + (error != null ? error : response.statusCode() + " " + response.body()));
                            }
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .GET().build();
    }
}
