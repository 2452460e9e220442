package dev.poolguard.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every measurement twice, plain and with {@code -javaagent}, and prints one table:
 * benchmark | plain | agent | ratio (agent/plain) | budget | ok?
 *
 * <p>JMH benchmarks run through JMH's own API, class by class, the plain run immediately followed by the
 * agent run so that slow drift of the machine affects both alike. Each run forks fresh JVMs; only the
 * agent run's forks get {@code -javaagent} (appended to the fork's JVM arguments). Figures are medians of
 * all measurement iterations of all forks. Start-up, shutdown and memory are measured on child processes.
 *
 * <p>Configured by system properties (the {@code benchmarks/run} script sets them from its environment):
 * {@code bench.agent} (agent jar, required), {@code bench.agentOpts} (agent options; default none, i.e.
 * deadlock=log, risk=log, shutdown=drain, no report), {@code bench.jdks} ({@code label=path/to/java,...}),
 * {@code bench.jmhJdks} (labels to run JMH on), {@code bench.forks}, {@code bench.wi}, {@code bench.i},
 * {@code bench.w}, {@code bench.r}, {@code bench.only} (regex, found in the benchmark class names to run), {@code bench.prof}
 * (a JMH profiler such as {@code gc}), {@code bench.phases} ({@code jmh,startup,shutdown,memory}),
 * {@code bench.startupRuns}, {@code bench.out} (result directory), {@code bench.helloCp}.
 */
public final class Compare {
    private static final String PKG = "dev.poolguard.bench.";

    /** A JMH comparison: benchmark class, how it runs, and its budget. */
    private record Group(String benchmarkClass, Kind kind) { }

    /**
     * Hot-path benchmarks printed for information only: more busy threads than the reference machine has
     * cores, so the scheduler, not the code, sets the figure (see each benchmark's own comment).
     */
    private static final Set<String> SCHEDULER_BOUND = Set.of("CompletableFutureChain.chainTwoWorkers");

    private enum Kind {
        /** an executor hot path: agent/plain must stay within the ratio budget */
        HOT_PATH,
        /** a blocking wait in a loaded program: what the agent adds must stay within the check budget */
        LOADED_WAIT,
        /** the agent's own check, live: agent only */
        AGENT_ONLY,
        /** the detector algorithm alone: no agent involved, one run */
        ALGORITHM
    }

    private static final List<Group> GROUPS = List.of(
            new Group("SubmitGetRoundTrip", Kind.HOT_PATH),
            new Group("ExecuteBurst", Kind.HOT_PATH),
            new Group("CompletableFutureChain", Kind.HOT_PATH),
            new Group("FinishedFutureGet", Kind.HOT_PATH),
            new Group("CrossPoolWait", Kind.HOT_PATH),
            new Group("PoolLifecycle", Kind.HOT_PATH),
            new Group("BlockingGetUnderLoad", Kind.LOADED_WAIT),
            new Group("DeadlockCheck", Kind.AGENT_ONLY),
            new Group("DeadlockCheckModel", Kind.ALGORITHM));

    static final double HOT_PATH_RATIO = 1.03;
    static final double CHECK_MICROS = 2.0;
    static final double STARTUP_ADDED_MS = 250;
    static final double SHUTDOWN_ADDED_MS = 5;

    private final String agentJar = required("bench.agent");
    private final String agentOpts = System.getProperty("bench.agentOpts", "").trim();
    private final Map<String, String> jdks = jdks(System.getProperty("bench.jdks", ""));
    private final List<String> jmhJdks = list(System.getProperty("bench.jmhJdks", firstLabel()));
    private final int forks = Integer.getInteger("bench.forks", 3);
    private final int warmups = Integer.getInteger("bench.wi", 3);
    private final int iterations = Integer.getInteger("bench.i", 5);
    private final String warmupTime = System.getProperty("bench.w", "1s");
    private final String iterationTime = System.getProperty("bench.r", "1s");
    private final String only = System.getProperty("bench.only", "");
    private final String profiler = System.getProperty("bench.prof", "gc").replace("none", "");
    private final List<String> phases = list(System.getProperty("bench.phases", "jmh,startup,shutdown,memory"));
    private final int startupRuns = Integer.getInteger("bench.startupRuns", 11);
    /** An iteration during which other processes used more CPUs than this is left out. */
    private final double noisyCpus = Double.parseDouble(System.getProperty("bench.noisyCpus", "0.25"));
    private final long quietWaitMillis = Long.getLong("bench.quietWaitMillis", 30_000);
    private final long quietWaitTotalMillis = Long.getLong("bench.quietWaitTotalMillis", 300_000);
    private long quietWaited;
    private final Path out = Path.of(System.getProperty("bench.out", "target/bench-results"));
    private final String helloCp = System.getProperty("bench.helloCp", System.getProperty("java.class.path"));

    private final List<String[]> rows = new ArrayList<>();
    private final List<String> misses = new ArrayList<>();
    /** Hot paths whose median ratio is over budget while its 95% interval still reaches under it. */
    private final List<String> unresolved = new ArrayList<>();
    private final long started = System.nanoTime();
    private final String loadAtStart = loadAverage();

    public static void main(String[] args) throws Exception {
        new Compare().run();
    }

    private String javaagent() {
        return "-javaagent:" + agentJar + (agentOpts.isEmpty() ? "" : "=" + agentOpts);
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        progress("results and JMH logs in " + out.toAbsolutePath());
        progress("agent: " + javaagent());
        if (phases.contains("jmh")) {
            for (String jdk : jmhJdks) {
                jmh(jdk);
            }
        }
        if (phases.contains("startup")) {
            for (String jdk : jdks.keySet()) {
                startup(jdk);
            }
        }
        if (phases.contains("shutdown")) {
            for (String jdk : jdks.keySet()) {
                shutdown(jdk);
            }
        }
        if (phases.contains("memory")) {
            memory(firstLabel());
        }
        printTable();
    }

    // ------------------------------------------------------------------ JMH

    /** The measured iterations of one benchmark in one mode, over all its forks. */
    private static final class Samples {
        final String unit;
        final List<Double> scores = new ArrayList<>();
        /** The fork of each of {@link #scores}. */
        final List<Integer> scoreForks = new ArrayList<>();
        final List<Double> allocated = new ArrayList<>();
        /** Iterations left out because other processes took CPU meanwhile. */
        final List<Double> noisy = new ArrayList<>();
        final List<Integer> noisyForks = new ArrayList<>();

        Samples(String unit) {
            this.unit = unit;
        }

        /** The quiet iterations, or all of them if none was quiet. */
        List<Double> used() {
            if (!scores.isEmpty()) {
                return scores;
            }
            return noisy;
        }

        void add(boolean quiet, double score, int fork) {
            (quiet ? scores : noisy).add(score);
            (quiet ? scoreForks : noisyForks).add(fork);
        }

        /** {@link #used()} grouped by fork, for the interval: forks differ more than iterations do. */
        List<double[]> usedByFork() {
            List<Double> values = used();
            List<Integer> forkOf = scores.isEmpty() ? noisyForks : scoreForks;
            Map<Integer, List<Double>> byFork = new TreeMap<>();
            for (int i = 0; i < values.size(); i++) {
                byFork.computeIfAbsent(forkOf.get(i), f -> new ArrayList<>()).add(values.get(i));
            }
            List<double[]> groups = new ArrayList<>();
            for (List<Double> fork : byFork.values()) {
                groups.add(fork.stream().mapToDouble(Double::doubleValue).toArray());
            }
            return groups;
        }

        double median() {
            return Compare.median(used().stream().mapToDouble(Double::doubleValue).toArray());
        }

        double percentile(double p) {
            double[] sorted = used().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double rank = p / 100 * (sorted.length - 1);
            int low = (int) Math.floor(rank);
            int high = Math.min(sorted.length - 1, low + 1);
            return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
        }

        /** Half the interquartile range relative to the median: how much the iterations scatter. */
        String spread(String mode) {
            String left = noisy.isEmpty() ? ""
                    : scores.isEmpty() ? " (all " + noisy.size() + " iterations noisy, kept)"
                    : " (" + noisy.size() + " noisy of " + (noisy.size() + scores.size()) + " left out)";
            return String.format(Locale.ROOT, "%s ±%.1f%%%s; ", mode,
                    100 * (percentile(75) - percentile(25)) / 2 / median(), left);
        }

        String allocatedPerOp() {
            return allocated.isEmpty() ? null
                    : String.format(Locale.ROOT, "%.0f", Compare.median(allocated.stream().mapToDouble(Double::doubleValue).toArray()));
        }
    }

    private void jmh(String jdk) throws RunnerException {
        String java = jdks.get(jdk);
        for (Group group : GROUPS) {
            String include = "^" + PKG.replace(".", "\\.") + group.benchmarkClass() + "\\.";
            if (!only.isEmpty() && !Pattern.compile(only).matcher(group.benchmarkClass()).find()) {
                continue;
            }
            if (group.kind() == Kind.ALGORITHM && !jdk.equals(jmhJdks.get(0))) {
                continue; // the pure algorithm does not depend on the agent; once is enough
            }
            // Forks alternate, plain then agent, so that the machine's slow drift touches both alike.
            Map<String, Samples> plain = new LinkedHashMap<>();
            Map<String, Samples> agent = new LinkedHashMap<>();
            for (int fork = 1; fork <= forks; fork++) {
                if (group.kind() != Kind.AGENT_ONLY) {
                    jmhFork(jdk, java, group, include, false, fork, plain);
                }
                if (group.kind() != Kind.ALGORITHM) {
                    jmhFork(jdk, java, group, include, true, fork, agent);
                }
            }
            List<String> names = new ArrayList<>(plain.keySet());
            for (String name : agent.keySet()) {
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
            for (String name : names) {
                jmhRow(jdk, group, name, plain.get(name), agent.get(name));
            }
            boolean plainMissing = group.kind() != Kind.AGENT_ONLY && plain.isEmpty();
            boolean agentMissing = group.kind() != Kind.ALGORITHM && agent.isEmpty();
            if (plainMissing || agentMissing) {
                row("JDK " + jdk + " " + group.benchmarkClass(), "", plainMissing ? "FAILED" : "",
                        agentMissing ? "FAILED" : "", "", "runs", false,
                        "see " + out.resolve("jmh-" + jdk + "-" + group.benchmarkClass() + "-*.log"));
            }
        }
    }

    /** One JMH fork of every benchmark of {@code group}, its measured iterations added to {@code into}. */
    private void jmhFork(String jdk, String java, Group group, String include, boolean withAgent, int fork,
                         Map<String, Samples> into) throws RunnerException {
        String mode = withAgent ? "agent" : "plain";
        String stem = "jmh-" + jdk + "-" + group.benchmarkClass() + "-" + mode + "-fork" + fork;
        progress("JMH " + group.benchmarkClass() + " on JDK " + jdk + ", " + mode + ", fork " + fork + " of " + forks);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .forks(1)
                .warmupIterations(warmups)
                .warmupTime(TimeValue.fromString(warmupTime))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.fromString(iterationTime))
                .timeout(TimeValue.minutes(2))
                .jvm(java)
                .shouldFailOnError(true)
                .output(out.resolve(stem + ".log").toString())
                .result(out.resolve(stem + ".json").toString())
                .resultFormat(ResultFormatType.JSON);
        if (withAgent) {
            options.jvmArgsAppend(javaagent());
        }
        if (!profiler.isEmpty()) {
            options.addProfiler(profiler);
        }
        options.addProfiler(Interference.class);
        awaitQuiet();
        Collection<RunResult> results;
        try {
            results = new Runner(options.build()).run();
        } catch (RunnerException failure) {
            progress("FAILED: " + failure.getMessage() + " (see " + out.resolve(stem + ".log") + ")");
            return;
        }
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark().substring(PKG.length());
            Samples samples = into.computeIfAbsent(name, n -> new Samples(result.getPrimaryResult().getScoreUnit()));
            for (BenchmarkResult forkResult : result.getBenchmarkResults()) {
                for (IterationResult iteration : forkResult.getIterationResults()) {
                    Result<?> others = iteration.getSecondaryResults().get(Interference.RESULT);
                    boolean quiet = others == null || others.getScore() <= noisyCpus;
                    samples.add(quiet, iteration.getPrimaryResult().getScore(), fork);
                    Result<?> norm = iteration.getSecondaryResults().get("gc.alloc.rate.norm");
                    if (norm != null) {
                        samples.allocated.add(norm.getScore());
                    }
                }
            }
        }
    }

    private void jmhRow(String jdk, Group group, String name, Samples plain, Samples agent) {
        String label = "JDK " + jdk + " " + name;
        String unit = (plain != null ? plain : agent).unit;
        double p = plain == null ? Double.NaN : plain.median();
        double a = agent == null ? Double.NaN : agent.median();
        String note = (plain == null ? "" : plain.spread("plain")) + (agent == null ? "" : agent.spread("agent"))
                + allocation(plain, agent);
        switch (group.kind()) {
            case HOT_PATH -> {
                double ratio = a / p;
                if (SCHEDULER_BOUND.contains(name)) {
                    row(label, unit, num(p), num(a), ratio(ratio), "(scheduler-bound, info)", null, note);
                    return;
                }
                double[] interval = RatioInterval.of(plain.usedByFork(), agent.usedByFork());
                note += String.format(Locale.ROOT, "; ratio 95%% CI %.3f-%.3f", interval[0], interval[1]);
                if (ratio <= HOT_PATH_RATIO) {
                    row(label, unit, num(p), num(a), ratio(ratio), "<= " + HOT_PATH_RATIO, true, note);
                } else if (interval[0] <= HOT_PATH_RATIO) {
                    // the median is over, but the machine cannot tell it from the budget: say so, not "ok"
                    unresolved.add(label);
                    rows.add(new String[] {label, unit, num(p), num(a), ratio(ratio), "<= " + HOT_PATH_RATIO,
                            "noise", note.strip()});
                } else {
                    row(label, unit, num(p), num(a), ratio(ratio), "<= " + HOT_PATH_RATIO, false, note);
                }
            }
            case LOADED_WAIT -> {
                double addedMicros = toMicros(a - p, unit);
                double[] interval = RatioInterval.ofDifference(plain.usedByFork(), agent.usedByFork());
                double low = toMicros(interval[0], unit);
                note += String.format(Locale.ROOT, "; added 95%% CI %s-%s us", signed(low),
                        signed(toMicros(interval[1], unit)));
                String budget = "added " + signed(addedMicros) + " us <= " + num(CHECK_MICROS) + " us";
                if (addedMicros > CHECK_MICROS && low <= CHECK_MICROS) {
                    unresolved.add(label);
                    rows.add(new String[] {label + " (1,000 waiters)", unit, num(p), num(a), ratio(a / p), budget,
                            "noise", note.strip()});
                } else {
                    row(label + " (1,000 waiters)", unit, num(p), num(a), ratio(a / p), budget,
                            addedMicros <= CHECK_MICROS, note);
                }
            }
            case AGENT_ONLY -> {
                double micros = toMicros(a, unit);
                boolean worst = name.endsWith("fullWalk");
                String budget = worst ? "(worst case, info)" : "<= " + num(CHECK_MICROS) + " us";
                row(label + " (live check, agent only)", unit, "-", num(a), "-", budget,
                        worst ? null : micros <= CHECK_MICROS, note);
            }
            case ALGORITHM -> {
                double micros = toMicros(p, unit);
                boolean budgeted = name.endsWith("fastPath");
                row(label + " (algorithm, no agent)", unit, num(p), "-", "-",
                        budgeted ? "<= " + num(CHECK_MICROS) + " us" : "(info)",
                        budgeted ? micros <= CHECK_MICROS : null, note);
            }
            default -> throw new AssertionError(group.kind());
        }
    }

    /** With the {@code gc} profiler: bytes allocated per operation, plain -> agent. */
    private static String allocation(Samples plain, Samples agent) {
        String p = plain == null ? null : plain.allocatedPerOp();
        String a = agent == null ? null : agent.allocatedPerOp();
        if (p == null && a == null) {
            return "";
        }
        return "alloc B/op " + (p == null ? "-" : p) + " -> " + (a == null ? "-" : a);
    }

    /**
     * Waits (a little) for the machine to be quiet before a fork: other builds on a two-core machine
     * distort a thread hand-off tenfold. Bounded per fork and in total; noisy iterations are left out anyway.
     */
    private void awaitQuiet() {
        try {
            long start = System.nanoTime();
            boolean said = false;
            while (true) {
                double busy = Interference.busyCpus(500);
                if (busy < 0 || busy <= noisyCpus) {
                    break;
                }
                long waited = (System.nanoTime() - start) / 1_000_000;
                if (waited > quietWaitMillis || quietWaited + waited > quietWaitTotalMillis) {
                    progress("machine still busy (" + String.format(Locale.ROOT, "%.1f", busy)
                            + " CPUs used by others); going on, noisy iterations will be left out");
                    break;
                }
                if (!said) {
                    progress(String.format(Locale.ROOT, "other processes use %.1f CPUs; waiting for a quiet machine", busy));
                    said = true;
                }
            }
            quietWaited += (System.nanoTime() - start) / 1_000_000;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double toMicros(double value, String unit) {
        if (unit.startsWith("ns/")) {
            return value / 1000;
        }
        if (unit.startsWith("ms/")) {
            return value * 1000;
        }
        return value;
    }

    // ------------------------------------------------------------------ start-up

    private void startup(String jdk) throws IOException, InterruptedException {
        String java = jdks.get(jdk);
        for (String cds : List.of("", "-Xshare:off")) {
            String variant = cds.isEmpty() ? "CDS default" : cds;
            progress("start-up on JDK " + jdk + " (" + variant + "), " + startupRuns + " runs each");
            awaitQuiet();
            List<String> plainCmd = command(java, cds, null, "HelloWorld");
            List<String> agentCmd = command(java, cds, javaagent(), "HelloWorld");
            launch(plainCmd); // warm the file cache; not counted
            launch(agentCmd);
            double[] plain = new double[startupRuns];
            double[] agent = new double[startupRuns];
            String warning = "";
            String info = "";
            boolean helloOk = true;
            for (int i = 0; i < startupRuns; i++) {
                Launch p = launch(plainCmd);
                Launch a = launch(agentCmd);
                plain[i] = p.millis;
                agent[i] = a.millis;
                helloOk &= p.stdout.strip().equals("hello") && a.stdout.strip().equals("hello") && a.status == 0;
                for (String line : a.stderr.lines().toList()) {
                    if (line.startsWith("[poolguard] INFO ")) {
                        info = info.isEmpty() ? line : info;
                    } else if (!line.isBlank() && warning.isEmpty()) {
                        warning = line;
                    }
                }
            }
            double pm = median(plain);
            double am = median(agent);
            double added = am - pm;
            row("JDK " + jdk + " hello-world start-up, " + variant, "ms", num(pm), num(am), ratio(am / pm),
                    "added " + signed(added) + " ms <= " + (int) STARTUP_ADDED_MS + " ms",
                    added <= STARTUP_ADDED_MS && helloOk,
                    "wall time of the whole process, median of " + startupRuns + (helloOk ? "" : "; WRONG OUTPUT"));
            row("JDK " + jdk + " agent warnings on stderr, " + variant, "", "", warning.isEmpty() ? "none" : "SOME",
                    "", "none", warning.isEmpty(), (warning.isEmpty() ? "" : warning + "; ")
                            + (info.isEmpty() ? "stderr empty" : "only INFO at exit: " + info));
        }
    }

    // ------------------------------------------------------------------ shutdown

    private void shutdown(String jdk) throws IOException, InterruptedException {
        String java = jdks.get(jdk);
        progress("shutdown after work on JDK " + jdk + ", " + startupRuns + " runs each");
        awaitQuiet();
        List<String> plainCmd = command(java, "", null, "ShutdownAfterWork");
        List<String> agentCmd = command(java, "", javaagent(), "ShutdownAfterWork");
        launch(plainCmd);
        launch(agentCmd);
        double[] plain = new double[startupRuns];
        double[] agent = new double[startupRuns];
        double[] plainTotal = new double[startupRuns];
        double[] agentTotal = new double[startupRuns];
        String stderr = "";
        for (int i = 0; i < startupRuns; i++) {
            Launch p = launch(plainCmd);
            Launch a = launch(agentCmd);
            plain[i] = p.exitMillis();
            agent[i] = a.exitMillis();
            plainTotal[i] = p.millis;
            agentTotal[i] = a.millis;
            if (stderr.isEmpty() && !a.stderr.isBlank()) {
                stderr = a.stderr.strip().lines().findFirst().orElse("");
            }
        }
        double pm = median(plain);
        double am = median(agent);
        double added = am - pm;
        double[] interval = RatioInterval.ofDifference(plain, agent);
        String label = "JDK " + jdk + " System.exit after pool work (nothing in flight)";
        String budget = "added " + signed(added) + " ms <= " + (int) SHUTDOWN_ADDED_MS + " ms";
        String note = String.format(Locale.ROOT,
                "from System.exit to process end; added 95%% CI %s-%s ms; whole process %s -> %s ms%s",
                signed(interval[0]), signed(interval[1]), num(median(plainTotal)), num(median(agentTotal)),
                stderr.isEmpty() ? "" : "; agent stderr: " + stderr);
        if (added > SHUTDOWN_ADDED_MS && interval[0] <= SHUTDOWN_ADDED_MS) {
            unresolved.add(label);
            rows.add(new String[] {label, "ms", num(pm), num(am), ratio(am / pm), budget, "noise", note});
        } else {
            row(label, "ms", num(pm), num(am), ratio(am / pm), budget, added <= SHUTDOWN_ADDED_MS, note);
        }
    }

    // ------------------------------------------------------------------ memory

    private void memory(String jdk) throws IOException, InterruptedException {
        String java = jdks.get(jdk);
        int repeats = 3;
        // A: many pools with one worker each; B: fewer pools with many workers. Overhead = a*pools + b*workers.
        int poolsA = 1000;
        int workersA = 1;
        int poolsB = 100;
        int workersB = 20;
        int churn = 10_000;
        progress("memory on JDK " + jdk + ": " + poolsA + "x" + workersA + " and " + poolsB + "x" + workersB
                + " live, then " + churn + " pools churned; " + repeats + " runs each");
        List<Map<String, Long>> plainA = new ArrayList<>();
        List<Map<String, Long>> agentA = new ArrayList<>();
        List<Map<String, Long>> plainB = new ArrayList<>();
        List<Map<String, Long>> agentB = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            plainA.add(memoryRun(java, false, poolsA, workersA, churn));
            agentA.add(memoryRun(java, true, poolsA, workersA, churn));
            plainB.add(memoryRun(java, false, poolsB, workersB, 0));
            agentB.add(memoryRun(java, true, poolsB, workersB, 0));
        }
        String base = "baseline.purged";
        double overheadA = median(agentA, "live", base) - median(plainA, "live", base);
        double overheadB = median(agentB, "live", base) - median(plainB, "live", base);
        double totalA = poolsA * (double) workersA;
        double totalB = poolsB * (double) workersB;
        // overheadA = a*poolsA + b*totalA ; overheadB = a*poolsB + b*totalB
        double det = poolsA * totalB - poolsB * totalA;
        double perWorker = (poolsA * overheadB - poolsB * overheadA) / det;
        double perPool = (overheadA * totalB - overheadB * totalA) / det;
        double plainA1 = median(plainA, "live", base);
        double plainB1 = median(plainB, "live", base);
        double plainPerWorker = (poolsA * plainB1 - poolsB * plainA1) / det;
        row("JDK " + jdk + " heap kept per live worker", "bytes", "", num(perWorker), "", "(info)", null,
                String.format(Locale.ROOT, "agent's extra heap; a plain idle worker itself takes ~%s bytes of heap",
                        num(plainPerWorker)));
        row("JDK " + jdk + " heap kept per pool", "bytes", "", num(perPool), "", "(info)", null,
                "agent's extra heap, solved from " + poolsA + "x" + workersA + " and " + poolsB + "x" + workersB
                        + " live pools");
        double own = median(agentA, base, null) - median(plainA, base, null);
        row("JDK " + jdk + " agent's own heap (no pools)", "bytes", "", num(own), "", "(info)", null,
                "heap after GC at rest, agent minus plain");
        retained(jdk, "retained after " + poolsB + " pools x " + workersB + " workers shut down and dropped",
                plainB, agentB, "dropped", base);
        retained(jdk, "retained after " + churn + " more pools came and went", plainA, agentA, "churned",
                "dropped.purged");
    }

    /**
     * Heap left by dead pools and workers, agent minus plain, right after GC ({@code key}) and after the
     * agent's registry purged its entries for collected pools ({@code key.purged}).
     */
    private void retained(String jdk, String what, List<Map<String, Long>> plain, List<Map<String, Long>> agent,
                          String key, String since) {
        double before = median(agent, key, since) - median(plain, key, since);
        double after = median(agent, key + ".purged", since) - median(plain, key + ".purged", since);
        long pools = maxOf(agent, key + ".pools");
        long workers = maxOf(agent, key + ".workers");
        boolean ok = pools == 0 && workers == 0 && after < 16 * 1024;
        row("JDK " + jdk + " " + what, "bytes", "", num(after), "", "nothing", ok,
                String.format(Locale.ROOT, "agent minus plain, heap after GC; registry then counts pools=%d workers=%d;"
                        + " before that count purged collected pools' entries: %s bytes", pools, workers, num(before)));
    }

    private Map<String, Long> memoryRun(String java, boolean withAgent, int pools, int workers, int churn)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xmx1g");
        if (withAgent) {
            cmd.add(javaagent());
        }
        cmd.addAll(List.of("-cp", helloCp, PKG + "MemoryFootprint",
                Integer.toString(pools), Integer.toString(workers), Integer.toString(churn)));
        Launch run = launch(cmd);
        if (run.status != 0) {
            throw new IllegalStateException("memory probe failed: " + run.stderr);
        }
        Map<String, Long> values = new LinkedHashMap<>();
        run.stdout.lines().filter(l -> l.contains("=")).forEach(l -> {
            int eq = l.indexOf('=');
            values.put(l.substring(0, eq), Long.parseLong(l.substring(eq + 1).trim()));
        });
        Files.writeString(out.resolve("memory-" + (withAgent ? "agent" : "plain") + "-" + pools + "x" + workers
                        + ".txt"), run.stdout, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return values;
    }

    private static double median(List<Map<String, Long>> runs, String key, String minus) {
        double[] values = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            values[i] = runs.get(i).get(key) - (minus == null ? 0 : runs.get(i).get(minus));
        }
        return median(values);
    }

    private static long maxOf(List<Map<String, Long>> runs, String key) {
        long max = 0;
        for (Map<String, Long> run : runs) {
            max = Math.max(max, run.getOrDefault(key, -1L));
        }
        return max;
    }

    // ------------------------------------------------------------------ child processes

    private List<String> command(String java, String cds, String agent, String main) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        if (!cds.isEmpty()) {
            cmd.add(cds);
        }
        if (agent != null) {
            cmd.add(agent);
        }
        cmd.addAll(List.of("-cp", helloCp, PKG + main));
        return cmd;
    }

    /** One finished child process: wall time, exit status, output, and when it printed "exit-at". */
    private record Launch(double millis, int status, String stdout, String stderr, long endNanos) {
        double exitMillis() {
            for (String line : stdout.lines().toList()) {
                if (line.startsWith("exit-at ")) {
                    return (endNanos - Long.parseLong(line.substring(8).trim())) / 1e6;
                }
            }
            throw new IllegalStateException("no exit-at line in: " + stdout + stderr);
        }
    }

    private Launch launch(List<String> cmd) throws IOException, InterruptedException {
        File stdout = File.createTempFile("bench", ".out");
        File stderr = File.createTempFile("bench", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(cmd)
                    .redirectOutput(stdout)
                    .redirectError(stderr)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            long end = System.nanoTime();
            return new Launch((end - start) / 1e6, process.exitValue(),
                    Files.readString(stdout.toPath()), Files.readString(stderr.toPath()), end);
        } finally {
            stdout.delete();
            stderr.delete();
        }
    }

    // ------------------------------------------------------------------ the table

    private void row(String benchmark, String unit, String plain, String agent, String ratio, String budget,
                     Boolean ok, String note) {
        String verdict = ok == null ? "" : ok ? "ok" : "MISS";
        if (Boolean.FALSE.equals(ok)) {
            misses.add(benchmark);
        }
        rows.add(new String[] {benchmark, unit, plain, agent, ratio, budget, verdict, note == null ? "" : note.strip()});
    }

    private void printTable() throws IOException {
        String[] head = {"benchmark", "unit", "plain", "agent", "ratio", "budget", "ok?", "note"};
        int[] width = new int[head.length];
        List<String[]> all = new ArrayList<>();
        all.add(head);
        all.addAll(rows);
        for (String[] row : all) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder text = new StringBuilder();
        StringBuilder markdown = new StringBuilder();
        text.append(header()).append('\n');
        markdown.append(header().replace("\n", "  \n")).append("\n\n");
        for (int r = 0; r < all.size(); r++) {
            String[] row = all.get(r);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                boolean numeric = c >= 2 && c <= 4;
                String cell = numeric ? pad(row[c], width[c], true) : pad(row[c], width[c], false);
                line.append(c == 0 ? "" : " | ").append(cell);
            }
            text.append(line.toString().stripTrailing()).append('\n');
            markdown.append("| ").append(String.join(" | ", Arrays.stream(row)
                    .map(s -> s.replace("|", "\\|")).toList())).append(" |\n");
            if (r == 0) {
                text.append("-".repeat(line.length())).append('\n');
                markdown.append("|---|---|---:|---:|---:|---|---|---|\n");
            }
        }
        text.append(misses.isEmpty() ? "all budgets met\n" : "MISSED: " + String.join("; ", misses) + "\n");
        if (!unresolved.isEmpty()) {
            text.append("WITHIN NOISE (median over budget, 95% interval reaching under it): ")
                    .append(String.join("; ", unresolved)).append("\n");
        }
        text.append(String.format(Locale.ROOT, "total run time %.1f min%n", (System.nanoTime() - started) / 6e10));
        System.out.println();
        System.out.print(text);
        Files.writeString(out.resolve("table.txt"), text);
        Files.writeString(out.resolve("table.md"), markdown);
        progress("table written to " + out.resolve("table.txt") + " and table.md");
    }

    private String header() {
        StringBuilder header = new StringBuilder();
        header.append("poolguard benchmarks, ").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME
                .format(Instant.now().atOffset(ZoneOffset.UTC).withNano(0))).append(" UTC\n");
        header.append("machine: ").append(cpuModel()).append(", nproc ")
                .append(Runtime.getRuntime().availableProcessors()).append('\n');
        for (Map.Entry<String, String> jdk : jdks.entrySet()) {
            header.append("JDK ").append(jdk.getKey()).append(": ").append(javaVersion(jdk.getValue())).append('\n');
        }
        header.append(String.format(Locale.ROOT, "JMH 1.37 on JDK %s: %d forks per mode (plain and agent forks"
                        + " alternate), %d x %s warm-up, %d x %s measured; figures are medians of all measured"
                        + " iterations%s%n",
                String.join("+", jmhJdks), forks, warmups, warmupTime, iterations, iterationTime,
                profiler.isEmpty() ? "" : "; profiler " + profiler));
        header.append("agent runs: ").append(javaagent()).append('\n');
        header.append(String.format(Locale.ROOT, "JMH iterations during which other processes used more than %.2f"
                + " CPUs are left out (noted per row); waited %d s in all for a quiet machine%n", noisyCpus,
                quietWaited / 1000));
        header.append("load average at start / end: ").append(loadAtStart).append(" / ").append(loadAverage());
        return header.toString().stripTrailing();
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | UncheckedIOException ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private String javaVersion(String java) {
        try {
            Launch version = launch(List.of(java, "-version"));
            List<String> lines = version.stderr.lines().toList();
            return lines.size() > 1 ? lines.get(1).strip() : String.join(" ", lines);
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    // ------------------------------------------------------------------ small helpers

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String num(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        double abs = Math.abs(value);
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String signed(double value) {
        return (value >= 0 ? "+" : "") + num(value);
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    private void progress(String message) {
        System.err.printf(Locale.ROOT, "[bench %5.1f min] %s%n", (System.nanoTime() - started) / 6e10, message);
    }

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("set -D" + key);
        }
        return value;
    }

    private static Map<String, String> jdks(String spec) {
        Map<String, String> jdks = new LinkedHashMap<>();
        for (String entry : list(spec)) {
            int eq = entry.indexOf('=');
            jdks.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        if (jdks.isEmpty()) {
            jdks.put(Integer.toString(Runtime.version().feature()),
                    Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
        return jdks;
    }

    private String firstLabel() {
        return jdks(System.getProperty("bench.jdks", "")).keySet().iterator().next();
    }

    private static List<String> list(String spec) {
        List<String> items = new ArrayList<>();
        for (String item : spec.split("[,\\s]+")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }
}
