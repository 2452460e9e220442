package dev.poolguard.bench.compare;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.openjdk.jmh.infra.BenchmarkParams;
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
 * Runs one JMH benchmark class through JMH's own API, one fork at a time, plain and agent forks
 * alternating so that slow drift of the machine touches both alike; only the agent forks get
 * {@code -javaagent} (appended to the fork's JVM arguments). Reads JMH's results into {@link Samples}:
 * every measured iteration, marked quiet or noisy by the {@link Interference} profiler. Each fork's log
 * and JSON result go to the results directory.
 */
final class JmhRunner {
    private final Settings settings;
    private final QuietMachine quiet;

    /** Per benchmark (with its parameters when a class has several values), plain and agent samples. */
    record Measured(Map<String, Samples> plain, Map<String, Samples> agent) { }

    JmhRunner(Settings settings, QuietMachine quiet) {
        this.settings = settings;
        this.quiet = quiet;
    }

    Measured run(String jdk, JmhGroup group) {
        String include = "^" + ChildProcess.PKG.replace(".", "\\.") + group.benchmarkClass() + "\\.";
        Measured measured = new Measured(new LinkedHashMap<>(), new LinkedHashMap<>());
        for (int fork = 1; fork <= settings.forks; fork++) {
            if (group.runsPlain()) {
                fork(jdk, group, include, false, fork, measured.plain());
            }
            if (group.runsAgent()) {
                fork(jdk, group, include, true, fork, measured.agent());
            }
        }
        return measured;
    }

    /** One JMH fork of every benchmark of {@code group}, its measured iterations added to {@code into}. */
    private void fork(String jdk, JmhGroup group, String include, boolean withAgent, int fork,
                      Map<String, Samples> into) {
        String mode = withAgent ? "agent" : "plain";
        String stem = "jmh-" + jdk + "-" + group.benchmarkClass() + "-" + mode + "-fork" + fork;
        Log.progress("JMH " + group.benchmarkClass() + " on JDK " + jdk + ", " + mode + ", fork " + fork
                + " of " + settings.forks);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .forks(1)
                .warmupIterations(settings.warmups)
                .warmupTime(TimeValue.fromString(settings.warmupTime))
                .measurementIterations(settings.iterations)
                .measurementTime(TimeValue.fromString(settings.iterationTime))
                .timeout(TimeValue.minutes(2))
                .jvm(settings.jdks.get(jdk))
                .shouldFailOnError(true)
                .output(settings.out.resolve(stem + ".log").toString())
                .result(settings.out.resolve(stem + ".json").toString())
                .resultFormat(ResultFormatType.JSON);
        if (withAgent) {
            options.jvmArgsAppend(settings.javaagent());
        }
        if (!settings.profiler.isEmpty()) {
            options.addProfiler(settings.profiler);
        }
        options.addProfiler(Interference.class);
        quiet.await();
        Collection<RunResult> results;
        try {
            results = new Runner(options.build()).run();
        } catch (RunnerException failure) {
            Log.progress("FAILED: " + failure.getMessage() + " (see " + settings.out.resolve(stem + ".log") + ")");
            return;
        }
        Set<String> varying = varyingParams(results);
        for (RunResult result : results) {
            String name = name(result.getParams(), varying);
            Samples samples = into.computeIfAbsent(name, n -> new Samples(result.getPrimaryResult().getScoreUnit()));
            for (BenchmarkResult forkResult : result.getBenchmarkResults()) {
                for (IterationResult iteration : forkResult.getIterationResults()) {
                    Result<?> others = iteration.getSecondaryResults().get(Interference.RESULT);
                    boolean quietIteration = others == null || others.getScore() <= settings.noisyCpus;
                    samples.add(quietIteration, iteration.getPrimaryResult().getScore(), fork);
                    Result<?> norm = iteration.getSecondaryResults().get("gc.alloc.rate.norm");
                    if (norm != null) {
                        samples.allocated.add(norm.getScore());
                    }
                }
            }
        }
    }

    /** "Class.method", plus " key=value" for each parameter that takes several values in this run. */
    static String name(BenchmarkParams params, Set<String> varying) {
        StringBuilder name = new StringBuilder(params.getBenchmark().substring(ChildProcess.PKG.length()));
        for (String key : params.getParamsKeys()) {
            if (varying.contains(key)) {
                name.append(' ').append(key).append('=').append(params.getParam(key));
            }
        }
        return name.toString();
    }

    private static Set<String> varyingParams(Collection<RunResult> results) {
        Map<String, Set<String>> values = new LinkedHashMap<>();
        for (RunResult result : results) {
            BenchmarkParams params = result.getParams();
            for (String key : params.getParamsKeys()) {
                values.computeIfAbsent(key, k -> new TreeSet<>()).add(params.getParam(key));
            }
        }
        Set<String> varying = new TreeSet<>();
        values.forEach((key, set) -> {
            if (set.size() > 1) {
                varying.add(key);
            }
        });
        return varying;
    }
}
