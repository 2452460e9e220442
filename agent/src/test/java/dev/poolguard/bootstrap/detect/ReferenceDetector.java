package dev.poolguard.bootstrap.detect;

import dev.poolguard.bootstrap.detect.TableModel.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deliberately naive statement of the detector's semantics, to compare against: the "can progress"
 * least fixpoint over the whole model by repeated iteration until nothing changes, and breadth-first
 * levels from the closing thread by repeated expansion. Slow (quadratic or worse) and obviously right.
 */
final class ReferenceDetector {
    private ReferenceDetector() {
    }

    /** Every thread and pool of the model that can progress. */
    static Set<Node> progressing(TableModel m) {
        Set<Node> progress = identitySet();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Node t : m.threads()) {
                if (!progress.contains(t) && threadProgresses(m, t, progress)) {
                    changed |= progress.add(t);
                }
            }
            for (Node p : m.pools()) {
                if (!progress.contains(p) && poolProgresses(m, p, progress)) {
                    changed |= progress.add(p);
                }
            }
        }
        return progress;
    }

    private static boolean threadProgresses(TableModel m, Node t, Set<Node> progress) {
        for (Node s : successors(m, t, false)) {
            if (s == PROGRESS_LEAF || progress.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /** Stands for "progresses by itself" among a thread's successors. */
    static final Node PROGRESS_LEAF = new Node("(progress)");

    private static boolean poolProgresses(TableModel m, Node p, Set<Node> progress) {
        if (m.canStartWorker(p)) {
            return true;
        }
        for (Node w : m.workersOf(p)) {
            if (!m.busy(w) || progress.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** The nodes a waiting thread or pool depends on (the wait graph's edges). */
    static List<Node> successors(TableModel m, Node node, boolean isPool) {
        if (isPool) {
            return new ArrayList<>(m.workersOf(node));
        }
        Node f = m.awaitedBy(node);
        if (f == null) {
            Node owner = m.lockOwnerBlocking(node);
            return owner == null || owner == node ? List.of(PROGRESS_LEAF) : List.of(owner);
        }
        if (m.isDone(f)) {
            return List.of(PROGRESS_LEAF);
        }
        java.util.Collection<Node> parts = m.alternativesOf(f) == null ? List.of(f) : m.alternativesOf(f);
        List<Node> result = new ArrayList<>();
        if (parts.isEmpty()) {
            result.add(PROGRESS_LEAF);
        }
        for (Node part : parts) {
            Node s = edgeOf(m, node, part);
            if (s != null) {
                result.add(s);
            }
        }
        return result;
    }

    /** Where a wait of {@code thread} on {@code f} leads: a node, PROGRESS_LEAF, or null (its own task). */
    static Node edgeOf(TableModel m, Node thread, Node f) {
        for (int step = 0; step < 32; step++) {
            if (f == null || m.isDone(f)) {
                return PROGRESS_LEAF;
            }
            Node r = m.runnerOf(f);
            if (r == thread) {
                return null;
            }
            if (r != null) {
                return r;
            }
            Node p = m.poolQueueing(f);
            if (p != null) {
                return p;
            }
            f = m.prerequisiteOf(f);
        }
        return PROGRESS_LEAF;
    }

    /** Breadth-first distance from {@code closing} of every node reachable from it. */
    static Map<Node, Integer> levels(TableModel m, Node closing) {
        Set<Node> pools = m.pools();
        Set<Node> threads = m.threads();
        Map<Node, Integer> level = new IdentityHashMap<>();
        level.put(closing, 0);
        List<Node> frontier = List.of(closing);
        for (int d = 1; !frontier.isEmpty(); d++) {
            List<Node> next = new ArrayList<>();
            for (Node n : frontier) {
                for (Node s : successors(m, n, pools.contains(n) && !threads.contains(n))) {
                    if (s != PROGRESS_LEAF && !level.containsKey(s)) {
                        level.put(s, d);
                        next.add(s);
                    }
                }
            }
            frontier = next;
        }
        return level;
    }

    static Set<Node> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
