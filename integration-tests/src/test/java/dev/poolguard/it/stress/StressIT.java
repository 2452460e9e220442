package dev.poolguard.it.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.it.ChildJvm;
import dev.poolguard.it.Jdk;
import dev.poolguard.it.Report;
import dev.poolguard.it.stress.StressGen.ExpectedDeadlock;
import dev.poolguard.it.stress.StressGen.KnownIssue;
import dev.poolguard.it.stress.StressGen.Mode;
import dev.poolguard.it.stress.StressGen.Shape;
import dev.poolguard.it.stress.StressGen.Spec;

/**
 * Ground-truth stress (issue #5): random executor programs from {@link StressGen}, whose true outcome is known by
 * construction, run in child JVMs ({@link StressChild}) with the agent in log mode, in fail mode, and without it.
 * For every program: every planted deadlock is reported once per time it forms, with the right kind, timed flag and
 * threads; no deadlock is invented; risks appear only in pools where a task waits on its own pool (and surely where
 * such a wait blocks before any deadlock); in fail mode exactly the closing wait throws; and the program's own
 * result is exactly the one the generator computed, the same as without the agent. Per child: exit status 0, no
 * feature switched off, nothing left undone at exit.
 *
 * <p>System properties (all optional; give them to {@code mvn verify}):
 * <ul>
 * <li>{@code poolguard.stress.programs=N}: programs per JDK (default {@value #DEFAULT_PROGRAMS}, about half a
 *     minute per JDK on a 2-core machine; half in log mode, half in fail mode, and every fifth log-mode program
 *     again without the agent, whose result must be the same);</li>
 * <li>{@code poolguard.stress.base=B}: the base seed (default: from the clock, printed); program {@code i} has seed
 *     {@link StressGen#seedOf}{@code (B, i)};</li>
 * <li>{@code poolguard.stress.seed=S[,S...]}: replays just these programs, in every mode;</li>
 * <li>{@code poolguard.stress.knownIssues=none|all|NAME,...}: also generate the shapes of {@link KnownIssue}
 *     (default none: those have their own tests in {@link StressKnownIssuesIT});</li>
 * <li>{@code poolguard.stress.batch=K} (programs per child JVM, default 50), {@code poolguard.stress.parallel=P}
 *     (programs at once in a child, default 3).</li>
 * </ul>
 */
class StressIT {
    static final int DEFAULT_PROGRAMS = 1000;
    private static final Pattern LINE = Pattern.compile("^P (\\d+) ms=(\\d+) ring=(\\S*) dde=(\\S+) \\| (.*)$");
    private static final Pattern TAG = Pattern.compile("^(s\\d+)-");
    private static final Pattern POOL_TAG = Pattern.compile("\\((s\\d+)-p(\\d+)-\\)");

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void randomProgramsHaveExactlyTheirTrueOutcome(Jdk jdk) {
        Set<KnownIssue> issues = StressChild.parseIssues(System.getProperty("poolguard.stress.knownIssues", "none"));
        String replay = System.getProperty("poolguard.stress.seed", "").trim();
        List<Long> logSeeds = new ArrayList<>();
        List<Long> failSeeds = new ArrayList<>();
        List<Long> noneSeeds = new ArrayList<>();
        long base;
        if (!replay.isEmpty()) {
            base = -1;
            for (String s : replay.split(",")) {
                long seed = Long.parseLong(s.trim());
                logSeeds.add(seed);
                failSeeds.add(seed);
                noneSeeds.add(seed);
            }
        } else {
            int programs = Integer.getInteger("poolguard.stress.programs", DEFAULT_PROGRAMS);
            base = Long.getLong("poolguard.stress.base", System.currentTimeMillis() * 1000 + jdk.feature());
            for (int i = 0; i < programs; i++) (i % 2 == 0 ? logSeeds : failSeeds).add(StressGen.seedOf(base, i));
            for (int i = 0; i < logSeeds.size(); i += 5) noneSeeds.add(logSeeds.get(i)); // a fifth again, without the agent
        }
        String how = replay.isEmpty() ? "base seed " + base : "replaying seeds " + replay;
        System.out.println("StressIT " + jdk + ": " + how + ", known issues " + issues + "; replay one with -Dpoolguard.stress.seed=SEED"
                + (issues.isEmpty() ? "" : " -Dpoolguard.stress.knownIssues=" + System.getProperty("poolguard.stress.knownIssues")));

        Summary summary = new Summary();
        List<String> failures = new ArrayList<>();
        Map<Long, String> logResults = new HashMap<>();
        runMode(jdk, Mode.LOG, logSeeds, issues, summary, failures, logResults);
        runMode(jdk, Mode.FAIL, failSeeds, issues, summary, failures, null);
        Map<Long, String> noneResults = new HashMap<>();
        runMode(jdk, Mode.NONE, noneSeeds, issues, summary, failures, noneResults);
        for (Map.Entry<Long, String> e : noneResults.entrySet()) {
            String withAgent = logResults.get(e.getKey());
            if (withAgent != null && !withAgent.equals(e.getValue())) {
                failures.add("seed " + e.getKey() + ": the result differs with the agent (log mode) and without it:\n  log:  "
                        + withAgent + "\n  none: " + e.getValue());
            }
        }
        System.out.println("StressIT " + jdk + ": " + summary);
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            sb.append(failures.size()).append(" failure(s) on ").append(jdk).append(" (").append(how).append(")\n");
            for (String f : failures) sb.append("\n").append(f).append("\n");
            System.out.println(sb);
            throw new AssertionError(sb.toString());
        }
    }

    /** ForkJoin programs per JDK (issue 13): half in log mode, half in fail mode, a third of the log ones again without the agent. */
    static final int DEFAULT_FJ_PROGRAMS = 24;

    /**
     * The ForkJoinPool programs of {@link ForkJoinStress}: a pool starved by FutureTask waits on its own queue is
     * exactly one STARVATION; its helped, compensated or other-pool twins are silent. Same properties as above:
     * {@code poolguard.stress.base}, {@code poolguard.stress.fjPrograms=N}, {@code poolguard.stress.fjSeed=S[,S...]}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.poolguard.it.Jdks#all")
    void forkJoinProgramsHaveExactlyTheirTrueOutcome(Jdk jdk) {
        String replay = System.getProperty("poolguard.stress.fjSeed", "").trim();
        List<Long> logSeeds = new ArrayList<>();
        List<Long> failSeeds = new ArrayList<>();
        List<Long> noneSeeds = new ArrayList<>();
        long base = Long.getLong("poolguard.stress.base", System.currentTimeMillis() * 1000 + jdk.feature());
        if (!replay.isEmpty()) {
            for (String s : replay.split(",")) {
                long seed = Long.parseLong(s.trim());
                logSeeds.add(seed);
                failSeeds.add(seed);
                noneSeeds.add(seed);
            }
        } else {
            int programs = Integer.getInteger("poolguard.stress.fjPrograms", DEFAULT_FJ_PROGRAMS);
            for (int i = 0; i < programs; i++) (i % 2 == 0 ? logSeeds : failSeeds).add(ForkJoinStress.seedOf(base, i));
            for (int i = 0; i < logSeeds.size(); i += 3) noneSeeds.add(logSeeds.get(i));
        }
        String how = replay.isEmpty() ? "base seed " + base : "replaying seeds " + replay;
        List<String> failures = new ArrayList<>();
        Map<Long, String> logResults = new HashMap<>();
        Map<Long, String> noneResults = new HashMap<>();
        long millis = ForkJoinStressRun.run(jdk, Mode.LOG, logSeeds, failures, logResults)
                + ForkJoinStressRun.run(jdk, Mode.FAIL, failSeeds, failures, null)
                + ForkJoinStressRun.run(jdk, Mode.NONE, noneSeeds, failures, noneResults);
        for (Map.Entry<Long, String> e : noneResults.entrySet()) {
            String withAgent = logResults.get(e.getKey());
            if (withAgent != null && !withAgent.equals(e.getValue())) {
                failures.add("ForkJoin seed " + e.getKey() + ": log mode " + withAgent + ", without the agent " + e.getValue());
            }
        }
        System.out.println("StressIT ForkJoin " + jdk + ": " + how + ", " + (logSeeds.size() + failSeeds.size() + noneSeeds.size())
                + " program runs, child time " + millis + " ms; replay one with -Dpoolguard.stress.fjSeed=SEED");
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            sb.append(failures.size()).append(" ForkJoin failure(s) on ").append(jdk).append(" (").append(how).append(")\n");
            for (String f : failures) sb.append("\n").append(f).append("\n");
            System.out.println(sb);
            throw new AssertionError(sb.toString());
        }
    }

    /** Counts for the closing note. */
    static final class Summary {
        int programs;
        final Map<String, Integer> shapes = new TreeMap<>();
        final Map<String, Integer> deadlocks = new TreeMap<>();
        int throwsSeen;
        final Map<Mode, Long> millis = new TreeMap<>();

        @Override
        public String toString() {
            return programs + " program runs (log + fail + without agent) " + shapes + "; deadlock events checked " + deadlocks
                    + "; DeadlockDetectedException thrown where expected: " + throwsSeen + "; child time " + millis;
        }
    }

    static void runMode(Jdk jdk, Mode mode, List<Long> seeds, Set<KnownIssue> issues, Summary summary,
                        List<String> failures, Map<Long, String> results) {
        int batch = Integer.getInteger("poolguard.stress.batch", 50);
        int parallel = Integer.getInteger("poolguard.stress.parallel", 3);
        String issueArg = issues.isEmpty() ? "none" : String.join(",", issues.stream().map(Enum::name).toList());
        for (int from = 0; from < seeds.size(); from += batch) {
            List<Long> chunk = seeds.subList(from, Math.min(seeds.size(), from + batch));
            StringBuilder list = new StringBuilder();
            for (long s : chunk) list.append(list.length() == 0 ? "" : ",").append(s);
            ChildJvm child = ChildJvm.on(jdk).label("stress-" + mode.name().toLowerCase())
                    .timeout(Duration.ofSeconds(120 + 3L * chunk.size()))
                    .jvmFlags("-Xmx512m");
            if (mode == Mode.NONE) {
                child.noAgent();
            } else {
                child.withReport().agent(mode == Mode.FAIL ? "deadlock=fail" : "");
            }
            long start = System.nanoTime();
            ChildJvm.Result r = child.main(StressChild.class, "mode=" + mode, "issues=" + issueArg, "parallel=" + parallel,
                    "seeds=" + list).run();
            summary.millis.merge(mode, (System.nanoTime() - start) / 1_000_000, Long::sum);
            checkBatch(jdk, mode, chunk, issues, r, summary, failures, results);
        }
    }

    /** Everything about one child's batch; failures are collected (with seeds), never thrown one by one. */
    static void checkBatch(Jdk jdk, Mode mode, List<Long> seeds, Set<KnownIssue> issues, ChildJvm.Result r,
                           Summary summary, List<String> failures, Map<Long, String> results) {
        String where = mode + " batch on " + jdk + " (work dir " + r.workDir() + ")";
        if (r.timedOut() || r.exitCode() != 0 || !r.printed("STRESS DONE " + seeds.size())) {
            failures.add(where + ": the child did not finish cleanly (exit " + r.exitCode() + (r.timedOut() ? ", timed out" : "")
                    + ")\n" + tail(r.describe(), 12_000));
            if (r.timedOut()) return;
        }
        Map<Long, List<Matcher>> lines = new HashMap<>();
        for (String line : r.stdoutLines()) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) lines.computeIfAbsent(Long.parseLong(m.group(1)), k -> new ArrayList<>()).add(m);
            else if (line.startsWith("P ")) failures.add(where + ": unparsable line: " + line);
        }
        Report report = mode == Mode.NONE ? null : r.report();
        Map<String, List<Map<String, Object>>> deadlocksByTag = new HashMap<>();
        Map<String, List<Map<String, Object>>> risksByTag = new HashMap<>();
        Set<String> tags = new LinkedHashSet<>();
        for (long s : seeds) tags.add("s" + s);
        if (report != null) {
            checkReportShape(report, where, failures);
            for (Map<String, Object> event : report.events("deadlock")) {
                Set<String> eventTags = new TreeSet<>();
                for (Map<String, Object> t : report.objects(event, "threads")) {
                    Matcher m = TAG.matcher(report.string(t, "thread"));
                    eventTags.add(m.find() ? m.group(1) : "?");
                }
                if (eventTags.size() != 1 || !tags.contains(eventTags.iterator().next())) {
                    failures.add(where + ": a deadlock event that belongs to no single program of the batch: " + event);
                    continue;
                }
                deadlocksByTag.computeIfAbsent(eventTags.iterator().next(), k -> new ArrayList<>()).add(event);
            }
            for (Map<String, Object> event : report.events("risk")) {
                Matcher m = POOL_TAG.matcher(report.string(event, "pool"));
                if (!m.find() || !tags.contains(m.group(1))) {
                    failures.add(where + ": a risk event that belongs to no program of the batch: " + event);
                    continue;
                }
                risksByTag.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(event);
            }
        }
        for (long seed : seeds) {
            Spec spec = StressGen.generate(seed, issues, mode);
            summary.programs++;
            summary.shapes.merge(spec.shape.name(), 1, Integer::sum);
            List<String> problems = new ArrayList<>();
            List<Matcher> mine = lines.getOrDefault(seed, List.of());
            if (mine.size() != 1) {
                problems.add("printed " + mine.size() + " result lines");
            } else {
                Matcher m = mine.get(0);
                String result = m.group(5);
                List<String> ring = m.group(3).isEmpty() ? List.of() : List.of(m.group(3).split(","));
                String dde = m.group(4);
                if (results != null) results.put(seed, result);
                Set<String> expected = spec.expectedResults(mode);
                if (!expected.contains(result)) {
                    problems.add("result\n    expected " + (expected.size() == 1 ? expected.iterator().next() : "one of " + expected)
                            + "\n    actual   " + result);
                }
                if (mode == Mode.FAIL && !"-".equals(dde)) summary.throwsSeen++;
                if (report != null) {
                    checkDeadlocks(report, spec, mode, ring, dde, deadlocksByTag.getOrDefault(spec.tag, List.of()), problems, summary);
                    checkRisks(report, spec, risksByTag.getOrDefault(spec.tag, List.of()), problems);
                }
            }
            if (!problems.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                sb.append("seed ").append(seed).append(" (").append(mode).append(", ").append(jdk).append("): ")
                        .append(spec.describe());
                for (String p : problems) sb.append("\n  - ").append(p);
                for (String line : r.stdoutLines()) {
                    if (line.startsWith("DUMP " + seed) || line.startsWith("POOL-NOT-TERMINATED " + seed)) sb.append("\n  ").append(line);
                }
                sb.append("\n  replay: mvn -o verify -pl integration-tests -Dit.test=StressIT -Dpoolguard.stress.seed=").append(seed)
                        .append(issues.isEmpty() ? "" : " -Dpoolguard.stress.knownIssues=all")
                        .append("   (child output in ").append(r.workDir()).append(')');
                failures.add(sb.toString());
            }
        }
    }

    /** The report as a whole: started, nothing switched off, and every program cleaned up before the exit. */
    static void checkReportShape(Report report, String where, List<String> failures) {
        List<String> kinds = report.kinds();
        if (kinds.isEmpty() || !kinds.get(0).equals("agent-start")) {
            failures.add(where + ": the report does not start with agent-start: " + kinds);
            return;
        }
        Object problems = report.single("agent-start").get("problems");
        if (problems instanceof List<?> list && !list.isEmpty()) {
            failures.add(where + ": agent-start lists problems: " + problems);
        }
        for (Map<String, Object> event : report.events("feature-disabled")) {
            failures.add(where + ": a feature was switched off: " + event);
        }
        List<Map<String, Object>> ends = report.events("shutdown-end");
        if (ends.size() != 1) {
            failures.add(where + ": expected one shutdown-end, found " + ends.size());
        } else {
            Map<String, Object> end = ends.get(0);
            if (!report.objects(end, "inFlight").isEmpty() || !report.objects(end, "queuedNeverRun").isEmpty()) {
                failures.add(where + ": tasks left undone at exit (every program shuts its pools down): " + end);
            }
        }
    }

    static void checkDeadlocks(Report report, Spec spec, Mode mode, List<String> ring, String dde,
                               List<Map<String, Object>> events, List<String> problems, Summary summary) {
        List<ExpectedDeadlock> expected = spec.expectedDeadlocks(mode);
        List<String> actual = new ArrayList<>();
        for (Map<String, Object> e : events) actual.add(report.string(e, "kind") + (Boolean.TRUE.equals(e.get("timed")) ? "(timed)" : ""));
        List<String> wanted = new ArrayList<>();
        for (ExpectedDeadlock d : expected) wanted.add(d.kind() + (d.timed() ? "(timed)" : ""));
        if (!wanted.equals(actual)) {
            problems.add("deadlock events\n    expected " + wanted + "\n    actual   " + actual
                    + (events.isEmpty() ? "" : "\n    events: " + brief(report, events)));
            return;
        }
        for (Map<String, Object> e : events) {
            summary.deadlocks.merge(report.string(e, "kind") + (Boolean.TRUE.equals(e.get("timed")) ? "(timed)" : ""), 1, Integer::sum);
            Set<String> threads = new TreeSet<>();
            for (Map<String, Object> t : report.objects(e, "threads")) threads.add(report.string(t, "thread"));
            if (!threads.equals(new TreeSet<>(ring))) {
                problems.add("the deadlock's threads " + threads + " are not the program's waiting threads " + new TreeSet<>(ring));
            }
            if (spec.shape == Shape.STARVATION) {
                List<Integer> starvedPools = spec.plant.crossPool < 0 ? List.of(spec.plant.starvedPool)
                        : List.of(spec.plant.starvedPool, spec.plant.crossPool);
                for (int index : starvedPools) {
                    String starved = "(" + spec.tag + "-p" + index + "-)";
                    boolean named = false;
                    for (Map<String, Object> pool : report.objects(e, "pools")) named |= report.string(pool, "id").contains(starved);
                    if (!named) problems.add("the starvation event does not name the starved pool " + starved + ": " + e.get("pools"));
                }
            }
        }
        if (!"-".equals(dde)) {
            if (events.isEmpty()) {
                problems.add("thread " + dde + " got DeadlockDetectedException but no deadlock was reported");
            } else {
                Set<String> last = new TreeSet<>();
                for (Map<String, Object> t : report.objects(events.get(events.size() - 1), "threads")) last.add(report.string(t, "thread"));
                if (!last.contains(dde)) problems.add("thread " + dde + " threw but is not in the deadlock " + last);
            }
        }
    }

    static void checkRisks(Report report, Spec spec, List<Map<String, Object>> risks, List<String> problems) {
        Set<Integer> seen = new TreeSet<>();
        Map<String, Integer> perSite = new HashMap<>();
        for (Map<String, Object> risk : risks) {
            Matcher m = POOL_TAG.matcher(report.string(risk, "pool"));
            if (!m.find()) continue;
            int pool = Integer.parseInt(m.group(2));
            seen.add(pool);
            if (!"SAME_POOL_WAIT".equals(risk.get("kind"))) problems.add("risk of unknown kind: " + risk);
            String key = pool + "|" + risk.get("site");
            if (perSite.merge(key, 1, Integer::sum) > 1) problems.add("risk reported twice for one site and pool: " + key);
        }
        Set<Integer> unexpected = new TreeSet<>(seen);
        unexpected.removeAll(spec.allowedRiskPools());
        if (!unexpected.isEmpty()) {
            problems.add("risk in pools " + unexpected + " where no task waits on its own pool (allowed: "
                    + spec.allowedRiskPools() + "): " + brief(report, risks));
        }
        Set<Integer> missing = new TreeSet<>(spec.requiredRiskPools());
        missing.removeAll(seen);
        if (!missing.isEmpty()) {
            problems.add("no risk reported for pools " + missing + " where a same-pool wait surely blocked; risks seen: " + seen);
        }
    }

    static String brief(Report report, List<Map<String, Object>> events) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> e : events) {
            Map<String, Object> copy = new LinkedHashMap<>(e);
            copy.remove("stack");
            if (copy.get("threads") instanceof List<?> threads) {
                List<Object> slim = new ArrayList<>();
                for (Object t : threads) {
                    if (t instanceof Map<?, ?> map) {
                        Map<Object, Object> c = new LinkedHashMap<>(map);
                        c.remove("stack");
                        slim.add(c);
                    }
                }
                copy.put("threads", slim);
            }
            sb.append("\n      ").append(copy);
        }
        return sb.toString();
    }

    static String tail(String text, int max) {
        return text.length() <= max ? text : "...\n" + text.substring(text.length() - max);
    }

    // ---------------------------------------------------------------- used by StressKnownIssuesIT

    /** Runs {@code seeds} (generated with every known issue allowed) in the given mode; returns the failures. */
    static List<String> runSeeds(Jdk jdk, Mode mode, List<Long> seeds) {
        List<String> failures = new ArrayList<>();
        runMode(jdk, mode, seeds, EnumSet.allOf(KnownIssue.class), new Summary(), failures, new HashMap<>());
        return failures;
    }

    static void assumeJdk(Jdk jdk, int feature) {
        assumeTrue(jdk.feature() >= feature, "needs JDK " + feature + "+");
    }

    static void assertNoFailures(List<String> failures) {
        assertTrue(failures.isEmpty(), () -> String.join("\n\n", failures));
    }

    static void assertIssue(long seed, KnownIssue issue, Mode mode) {
        Spec spec = StressGen.generate(seed, EnumSet.allOf(KnownIssue.class), mode);
        assertEquals(Set.of(issue), spec.issues, () -> "seed " + seed + " no longer generates " + issue + ": " + spec.describe());
    }
}
