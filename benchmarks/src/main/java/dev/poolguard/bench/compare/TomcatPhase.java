package dev.poolguard.bench.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Embedded Tomcat 9.0.50 fanning each request out to an application pool ({@code TomcatFanOut}), under
 * {@link LoadGenerator} with each of {@code loadConnections} keep-alive connections: throughput and p99
 * latency, plain and agent. One round per JMH fork count: a fresh plain server, then a fresh agent server,
 * each warmed up and measured at every connection count, so that rounds play the part of forks in the
 * interval. Budgets (issue 12): throughput at least 0.97 of plain, p99 at most 1.05x.
 */
final class TomcatPhase {
    static final Budget THROUGHPUT = Budget.atLeast(0.97);
    static final Budget P99 = Budget.atMost(1.05);

    private final Settings settings;
    private final Table table;
    private final QuietMachine quiet;

    TomcatPhase(Settings settings, Table table, QuietMachine quiet) {
        this.settings = settings;
        this.table = table;
        this.quiet = quiet;
    }

    void run(String jdk) throws IOException, InterruptedException {
        Map<String, Samples[]> throughput = new LinkedHashMap<>(); // per connection count: {plain, agent}
        Map<String, Samples[]> p99 = new LinkedHashMap<>();
        long errors = 0;
        String firstError = null;
        String agentSaid = null; // the agent's first line above INFO in a server's log, if any
        for (int round = 1; round <= settings.forks; round++) {
            for (boolean withAgent : new boolean[] {false, true}) {
                String mode = withAgent ? "agent" : "plain";
                Log.progress("Tomcat fan-out on JDK " + jdk + ", " + mode + ", round " + round + " of " + settings.forks
                        + ": " + settings.loadConnections + " connections, " + settings.loadWarmupSeconds + " s warm-up + "
                        + settings.loadSeconds + " s each");
                quiet.await();
                Process server = start(jdk, withAgent, round);
                try {
                    int port = port(server);
                    for (String connections : settings.loadConnections) {
                        LoadGenerator.Result result = LoadGenerator.run(port, "/fanout", Integer.parseInt(connections),
                                settings.loadWarmupSeconds, settings.loadSeconds, server.pid());
                        errors += result.errors();
                        firstError = firstError != null ? firstError : result.firstError();
                        int side = withAgent ? 1 : 0;
                        Samples t = throughput.computeIfAbsent(connections, c -> pair("req/s"))[side];
                        Samples l = p99.computeIfAbsent(connections, c -> pair("ms"))[side];
                        for (LoadGenerator.Slice slice : result.slices()) {
                            boolean quietSecond = slice.othersCpus() <= settings.noisyCpus;
                            t.add(quietSecond, slice.requests(), round);
                            if (!Double.isNaN(slice.p99Millis())) {
                                l.add(quietSecond, slice.p99Millis(), round);
                            }
                        }
                    }
                } finally {
                    stop(server);
                }
                if (withAgent && agentSaid == null) {
                    agentSaid = agentWarning(log(jdk, true, round));
                }
            }
        }
        String errorNote = (errors == 0 ? "" : "; " + errors + " FAILED requests, first: " + firstError)
                + (agentSaid == null ? "" : "; agent said: " + agentSaid);
        for (String connections : throughput.keySet()) {
            String label = "JDK " + jdk + " Tomcat fan-out, " + connections + " connections, ";
            row(label + "throughput", throughput.get(connections), THROUGHPUT, errors, errorNote);
            row(label + "p99 latency", p99.get(connections), P99, errors, errorNote);
        }
    }

    private void row(String label, Samples[] pair, Budget budget, long errors, String errorNote) {
        double p = pair[0].median();
        double a = pair[1].median();
        double[] interval = RatioInterval.of(pair[0].usedByFork(), pair[1].usedByFork());
        String what = pair[0].unit.equals("ms") ? "p99 of each second's requests" : "requests per second";
        table.add(new Table.Row(label, pair[0].unit, Fmt.num(p), Fmt.num(a), Fmt.ratio(a / p), budget.text(),
                errors > 0 ? Budget.MISS : budget.verdict(a / p, interval),
                pair[0].spread("plain") + pair[1].spread("agent") + what + ", median over measured seconds"
                        + Fmt.format("; ratio 95%% CI %.3f-%.3f", interval[0], interval[1]) + errorNote));
    }

    private static Samples[] pair(String unit) {
        return new Samples[] {new Samples(unit, "seconds"), new Samples(unit, "seconds")};
    }

    private Path log(String jdk, boolean withAgent, int round) {
        return settings.out.resolve("tomcat-" + jdk + "-" + (withAgent ? "agent" : "plain") + "-round" + round + ".log");
    }

    /** A finding (a risk, a deadlock) or a warning would change what is measured: the row says so. */
    private static String agentWarning(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).lines() // any bytes read
                .filter(line -> line.startsWith("[poolguard]") && !line.startsWith("[poolguard] INFO"))
                .findFirst().orElse(null);
    }

    private Process start(String jdk, boolean withAgent, int round) throws IOException {
        Path log = log(jdk, withAgent, round);
        List<String> cmd = ChildProcess.java(settings.jdks.get(jdk), List.of(),
                withAgent ? settings.javaagent() : null, settings.benchJar, "TomcatFanOut");
        return new ProcessBuilder(cmd).redirectError(log.toFile()).start(); // stdin stays open: the server runs
    }

    /** The server's "port N" line (it prints nothing else on stdout), within a minute. */
    private static int port(Process server) throws InterruptedException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
        String line;
        try {
            line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            line = null;
        }
        if (line == null || !line.startsWith("port ")) {
            throw new IllegalStateException("Tomcat did not start (see its log): " + line);
        }
        return Integer.parseInt(line.substring(5).trim());
    }

    private static void stop(Process server) throws IOException, InterruptedException {
        server.getOutputStream().close(); // EOF: the server stops Tomcat and exits
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
