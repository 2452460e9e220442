package dev.poolguard.bench.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Heap the agent keeps ({@code MemoryFootprint}, SerialGC, heap used after full GCs), plain and agent
 * runs alternating: per live pool and worker (solved from two shapes), its own, and what dead pools
 * leave behind (registry counts must be zero).
 */
final class MemoryPhase {
    /** A: many pools with one worker each; B: fewer pools with many workers. Overhead = a*pools + b*workers. */
    private static final int POOLS_A = 1000;
    private static final int WORKERS_A = 1;
    private static final int POOLS_B = 100;
    private static final int WORKERS_B = 20;
    /** Issue 12's budget: the heap after 5,000 dead pools. */
    static final int CHURN = 5_000;
    static final double CHURN_BYTES = 1024 * 1024;
    /** "Nothing" retained for pools just dropped: a little slack for the heap's own bookkeeping. */
    static final double DROPPED_BYTES = 16 * 1024;
    private static final int REPEATS = 3;
    private static final String BASE = "baseline.purged";

    private final Settings settings;
    private final Table table;

    MemoryPhase(Settings settings, Table table) {
        this.settings = settings;
        this.table = table;
    }

    void run(String jdk) throws IOException, InterruptedException {
        String java = settings.jdks.get(jdk);
        Log.progress("memory on JDK " + jdk + ": " + POOLS_A + "x" + WORKERS_A + " and " + POOLS_B + "x" + WORKERS_B
                + " live, then " + CHURN + " pools churned; " + REPEATS + " runs each");
        List<Map<String, Long>> plainA = new ArrayList<>();
        List<Map<String, Long>> agentA = new ArrayList<>();
        List<Map<String, Long>> plainB = new ArrayList<>();
        List<Map<String, Long>> agentB = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            plainA.add(probe(java, false, POOLS_A, WORKERS_A, CHURN));
            agentA.add(probe(java, true, POOLS_A, WORKERS_A, CHURN));
            plainB.add(probe(java, false, POOLS_B, WORKERS_B, 0));
            agentB.add(probe(java, true, POOLS_B, WORKERS_B, 0));
        }
        double overheadA = median(agentA, "live", BASE) - median(plainA, "live", BASE);
        double overheadB = median(agentB, "live", BASE) - median(plainB, "live", BASE);
        double totalA = POOLS_A * (double) WORKERS_A;
        double totalB = POOLS_B * (double) WORKERS_B;
        // overheadA = a*poolsA + b*totalA ; overheadB = a*poolsB + b*totalB
        double det = POOLS_A * totalB - POOLS_B * totalA;
        double perWorker = (POOLS_A * overheadB - POOLS_B * overheadA) / det;
        double perPool = (overheadA * totalB - overheadB * totalA) / det;
        double plainPerWorker = (POOLS_A * median(plainB, "live", BASE) - POOLS_B * median(plainA, "live", BASE)) / det;
        String label = "JDK " + jdk + " ";
        table.info(label + "heap kept per live worker", "bytes", "", Fmt.num(perWorker), "",
                "agent's extra heap; a plain idle worker itself takes ~" + Fmt.num(plainPerWorker) + " bytes of heap");
        table.info(label + "heap kept per pool", "bytes", "", Fmt.num(perPool), "", "agent's extra heap, solved from "
                + POOLS_A + "x" + WORKERS_A + " and " + POOLS_B + "x" + WORKERS_B + " live pools");
        table.info(label + "agent's own heap (no pools)", "bytes", "",
                Fmt.num(median(agentA, BASE, null) - median(plainA, BASE, null)), "", "heap after GC at rest, agent minus plain");
        retained(label + "retained after " + POOLS_B + " pools x " + WORKERS_B + " workers shut down and dropped",
                plainB, agentB, "dropped", BASE, DROPPED_BYTES, "nothing");
        retained(label + "retained after " + CHURN + " more pools came and went", plainA, agentA, "churned",
                "dropped.purged", CHURN_BYTES, "<= 1 MiB, registry empty");
    }

    /**
     * Heap left by dead pools and workers, agent minus plain, right after GC ({@code key}) and after the
     * agent's registry purged its entries for collected pools ({@code key.purged}).
     */
    private void retained(String what, List<Map<String, Long>> plain, List<Map<String, Long>> agent, String key,
                          String since, double limitBytes, String budget) {
        double before = median(agent, key, since) - median(plain, key, since);
        double after = median(agent, key + ".purged", since) - median(plain, key + ".purged", since);
        long pools = maxOf(agent, key + ".pools");
        long workers = maxOf(agent, key + ".workers");
        boolean ok = pools == 0 && workers == 0 && after < limitBytes;
        table.add(new Table.Row(what, "bytes", "", Fmt.num(after), "", budget, ok ? Budget.OK : Budget.MISS,
                Fmt.format("agent minus plain, heap after GC; registry then counts pools=%d workers=%d;"
                        + " before that count purged collected pools' entries: %s bytes", pools, workers, Fmt.num(before))));
    }

    private Map<String, Long> probe(String java, boolean withAgent, int pools, int workers, int churn)
            throws IOException, InterruptedException {
        List<String> cmd = ChildProcess.java(java, List.of("-XX:+UseSerialGC", "-Xmx1g"),
                withAgent ? settings.javaagent() : null, settings.helloCp, "MemoryFootprint",
                Integer.toString(pools), Integer.toString(workers), Integer.toString(churn));
        ChildProcess.Launch run = ChildProcess.launch(cmd);
        if (run.status() != 0) {
            throw new IllegalStateException("memory probe failed: " + run.stderr());
        }
        Map<String, Long> values = new LinkedHashMap<>();
        run.stdout().lines().filter(l -> l.contains("=")).forEach(l -> {
            int eq = l.indexOf('=');
            values.put(l.substring(0, eq), Long.parseLong(l.substring(eq + 1).trim()));
        });
        Files.writeString(settings.out.resolve("memory-" + (withAgent ? "agent" : "plain") + "-" + pools + "x"
                        + workers + ".txt"), run.stdout(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return values;
    }

    private static double median(List<Map<String, Long>> runs, String key, String minus) {
        double[] values = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            values[i] = runs.get(i).get(key) - (minus == null ? 0 : runs.get(i).get(minus));
        }
        return Stats.median(values);
    }

    private static long maxOf(List<Map<String, Long>> runs, String key) {
        long max = 0;
        for (Map<String, Long> run : runs) {
            max = Math.max(max, run.getOrDefault(key, -1L));
        }
        return max;
    }
}
