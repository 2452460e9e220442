package dev.poolguard.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * How much CPU other processes took during each JMH iteration (Linux; reads {@code /proc}).
 *
 * <p>The benchmarks run on small shared machines where other builds and test suites come and go; on two
 * cores one concurrent Maven build moves a thread hand-off from 8 to 80 us, far more than the 3% the
 * budgets are about. This profiler reports, per iteration, the CPUs used by everything but the benchmark
 * JVM itself (busy and stolen time from {@code /proc/stat} minus this process's time from
 * {@code /proc/self/stat}); the comparison tool ({@link JmhRunner}) leaves out iterations where that exceeds a threshold and says
 * how many it left out. {@link #busyCpus} also lets it wait for a quiet machine before each fork ({@link QuietMachine}).
 */
public final class Interference implements InternalProfiler {
    /** Linux's USER_HZ: the unit of the tick counts in /proc. */
    static final double TICKS_PER_SECOND = 100;
    static final String RESULT = "interference";

    private long systemStart;
    private long selfStart;
    private long nanosStart;

    @Override
    public String getDescription() {
        return "CPUs used by other processes during each iteration";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        systemStart = systemBusyTicks();
        selfStart = selfTicks();
        nanosStart = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                      IterationParams iterationParams, IterationResult result) {
        long system = systemBusyTicks() - systemStart;
        long self = selfTicks() - selfStart;
        double seconds = (System.nanoTime() - nanosStart) / 1e9;
        double others = system < 0 || self < 0 ? 0 : Math.max(0, (system - self) / TICKS_PER_SECOND / seconds);
        return List.of(new ScalarResult(RESULT, others, "CPUs", AggregationPolicy.AVG));
    }

    /** CPUs busy (or stolen by the hypervisor) over {@code millis}, whole machine; -1 if unknown. */
    static double busyCpus(long millis) throws InterruptedException {
        long start = systemBusyTicks();
        long nanos = System.nanoTime();
        Thread.sleep(millis);
        long end = systemBusyTicks();
        if (start < 0 || end < 0) {
            return -1;
        }
        return (end - start) / TICKS_PER_SECOND / ((System.nanoTime() - nanos) / 1e9);
    }

    /** user + nice + system + irq + softirq + steal, over all CPUs; -1 when /proc is not there. */
    static long systemBusyTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                if (i < f.length) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** This process's user + system ticks; -1 when unknown. */
    static long selfTicks() {
        return processTicks("self");
    }

    /** Process {@code pid}'s user + system ticks (a child process: the Tomcat server); -1 when unknown. */
    static long processTicks(long pid) {
        return processTicks(Long.toString(pid));
    }

    private static long processTicks(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
