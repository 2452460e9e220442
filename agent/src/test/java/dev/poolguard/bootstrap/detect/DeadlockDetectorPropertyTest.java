package dev.poolguard.bootstrap.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poolguard.bootstrap.detect.TableModel.Node;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The detector against {@link ReferenceDetector} on random models. The seed is fixed and printed; run
 * with {@code -Ddetect.seed=N} to reproduce or explore another one.
 */
class DeadlockDetectorPropertyTest {
    private static final long SEED = Long.getLong("detect.seed", 0x5EED_2024L);

    /** Small dense models: deadlocks of every kind are frequent, and so are near misses. */
    @Test
    void smallModelsAgreeWithReference() {
        Map<DeadlockKind, Integer> seen = run("small", SEED, 20_000, 1, 8, 10, 3);
        for (DeadlockKind kind : DeadlockKind.values()) {
            assertTrue(seen.getOrDefault(kind, 0) > 0, "no " + kind + " generated; seen " + seen);
        }
    }

    /** Bigger models: long chains, pools reached through other pools, large verdicts. */
    @Test
    void largerModelsAgreeWithReference() {
        Map<DeadlockKind, Integer> seen = run("larger", SEED + 1, 300, 20, 200, 220, 20);
        assertTrue(seen.getOrDefault(DeadlockKind.STARVATION, 0) > 0, "no starvation generated; " + seen);
    }

    private static Map<DeadlockKind, Integer> run(String label, long seed, int models, int minThreads,
                                                  int maxThreads, int maxFutures, int maxPools) {
        System.out.println("DeadlockDetectorPropertyTest " + label + " seed=" + seed);
        Random random = new Random(seed);
        Map<DeadlockKind, Integer> seen = new EnumMap<>(DeadlockKind.class);
        int checks = 0;
        int none = 0;
        for (int i = 0; i < models; i++) {
            int threads = minThreads + random.nextInt(maxThreads - minThreads + 1);
            TableModel model = randomModel(random, threads, 1 + random.nextInt(maxFutures),
                random.nextInt(maxPools + 1));
            Set<Node> progress = ReferenceDetector.progressing(model);
            for (Node closing : model.waiters()) {
                Verdict<Node, Node, Node> v = DeadlockDetector.check(model, closing);
                assertMatchesReference(model, progress, closing, v, label + " seed=" + seed + " model #" + i);
                checks++;
                if (v == null) {
                    none++;
                } else {
                    seen.merge(v.kind(), 1, Integer::sum);
                }
            }
        }
        System.out.println("  " + checks + " checks: " + none + " without deadlock, " + seen);
        return seen;
    }

    /**
     * A random model. Sloppy on purpose (a waiting thread may be marked idle, a future may have both a
     * runner and a queue, a worker may run several futures): the detector must agree with the reference
     * on any model, not only on ones a real program produces.
     */
    static TableModel randomModel(Random r, int threads, int futures, int pools) {
        TableModel m = new TableModel();
        for (int p = 0; p < pools; p++) {
            m.node("P" + p);
            if (r.nextInt(8) == 0) {
                m.grows("P" + p);
            }
        }
        for (int t = 0; t < threads; t++) {
            m.node("T" + t);
            if (pools > 0 && r.nextInt(5) != 0) { // about one thread in five is outside pools, like main
                m.workers("P" + r.nextInt(pools), "T" + t);
                if (r.nextInt(20) == 0) {
                    m.idle("T" + t);
                }
            }
        }
        for (int f = 0; f < futures; f++) {
            String name = "F" + f;
            m.node(name);
            int roll = r.nextInt(100);
            if (roll < 8) {
                m.done(name);
            }
            if (roll < 50) {
                m.runs(name, "T" + r.nextInt(threads));
            } else if (roll < 95 && pools > 0) {
                m.queued(name, "P" + r.nextInt(pools));
            } // else: nobody runs or queues it
            if (roll % 20 == 0 && pools > 0) {
                m.queued(name, "P" + r.nextInt(pools)); // stale queue entry next to a runner
            }
        }
        for (int t = 0; t < threads; t++) {
            if (r.nextInt(10) < 7) {
                m.waits("T" + t, "F" + r.nextInt(futures));
                if (r.nextInt(10) == 0) {
                    m.timed("T" + t);
                }
            }
        }
        // Issue 13's edges: prerequisites (dependent stages), any-of waits, lock owners.
        for (int f = 0; f < futures; f++) {
            int roll = r.nextInt(100);
            if (roll < 15) {
                m.after("F" + f, "F" + r.nextInt(futures));
            } else if (roll < 22) {
                int parts = r.nextInt(3);
                String[] names = new String[parts];
                for (int i = 0; i < parts; i++) {
                    names[i] = "F" + r.nextInt(futures);
                }
                m.anyOf("F" + f, names);
            }
        }
        for (int t = 0; t < threads; t++) {
            if (m.awaitedBy(m.node("T" + t)) == null && r.nextInt(3) == 0) {
                m.locked("T" + t, "T" + r.nextInt(threads));
            }
        }
        return m;
    }

    /** Checks a verdict against the reference's fixpoint and breadth-first levels. */
    static void assertMatchesReference(TableModel m, Set<Node> progress, Node closing,
                                       Verdict<Node, Node, Node> v, String where) {
        String at = where + ", closing " + closing;
        if (progress.contains(closing)) {
            assertNull(v, at + ": reference says it can progress");
            return;
        }
        assertTrue(v != null, at + ": reference says it is blocked: " + m.dump());
        Map<Node, Integer> levels = ReferenceDetector.levels(m, closing);
        Set<Node> expectedThreads = ReferenceDetector.identitySet();
        Set<Node> expectedPools = ReferenceDetector.identitySet();
        Set<Node> allThreads = m.threads();
        boolean timed = false;
        for (Node n : levels.keySet()) {
            assertTrue(!progress.contains(n), at + ": reachable node " + n + " progresses");
            if (allThreads.contains(n)) {
                expectedThreads.add(n);
                timed |= m.timedWait(n);
            } else {
                expectedPools.add(n);
            }
        }
        Node awaited = m.awaitedBy(closing);
        boolean selfWait = m.alternativesOf(awaited) == null && ReferenceDetector.edgeOf(m, closing, awaited) == null;
        DeadlockKind kind = selfWait ? DeadlockKind.SELF_WAIT
            : expectedPools.isEmpty() ? DeadlockKind.CYCLE : DeadlockKind.STARVATION;
        assertEquals(kind, v.kind(), at);
        assertEquals(timed, v.timed(), at);
        assertSame(closing, v.threads().get(0), at + ": closing thread first");
        assertSameSet(expectedThreads, v.threads(), at + " threads");
        assertSameSet(expectedPools, v.pools(), at + " pools");
        assertBreadthFirst(levels, v.threads(), at + " threads");
        assertBreadthFirst(levels, v.pools(), at + " pools");
    }

    private static void assertSameSet(Set<Node> expected, List<Node> actual, String at) {
        Set<Node> actualSet = ReferenceDetector.identitySet();
        actualSet.addAll(actual);
        assertEquals(actual.size(), actualSet.size(), at + ": duplicates in " + actual);
        assertTrue(expected.size() == actualSet.size() && expected.containsAll(actualSet),
            at + ": expected " + expected + " but was " + actual);
    }

    private static void assertBreadthFirst(Map<Node, Integer> levels, List<Node> nodes, String at) {
        for (int i = 1; i < nodes.size(); i++) {
            assertTrue(levels.get(nodes.get(i - 1)) <= levels.get(nodes.get(i)),
                at + ": not in breadth-first order: " + nodes + " levels " + levels);
        }
    }
}
