package dev.poolguard.bootstrap.detect;

import dev.poolguard.bootstrap.detect.TableModel.Node;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/** Wraps a model and counts, per node and per method, how often the detector asked. */
class CountingModel implements WaitModel<Node, Node, Node> {
    /** Method indexes into the per-node counters. */
    static final int AWAITED = 0, TIMED = 1, DONE = 2, RUNNER = 3, QUEUE = 4, POOL_OF = 5, WORKERS = 6,
        BUSY = 7, CAN_START = 8, ALTERNATIVES = 9, PREREQUISITE = 10, LOCK_OWNER = 11, METHODS = 12;

    private final WaitModel<Node, Node, Node> inner;
    final Map<Node, int[]> calls = new IdentityHashMap<>();

    CountingModel(WaitModel<Node, Node, Node> inner) {
        this.inner = inner;
    }

    private void count(Node node, int method) {
        calls.computeIfAbsent(node, n -> new int[METHODS])[method]++;
    }

    /** The largest number of calls of any one method on any one node. */
    int maxCallsPerNodeAndMethod() {
        int max = 0;
        for (int[] c : calls.values()) {
            for (int n : c) {
                max = Math.max(max, n);
            }
        }
        return max;
    }

    int total(int method) {
        int sum = 0;
        for (int[] c : calls.values()) {
            sum += c[method];
        }
        return sum;
    }

    @Override public Node awaitedBy(Node t) { count(t, AWAITED); return inner.awaitedBy(t); }
    @Override public boolean timedWait(Node t) { count(t, TIMED); return inner.timedWait(t); }
    @Override public boolean isDone(Node f) { count(f, DONE); return inner.isDone(f); }
    @Override public Node runnerOf(Node f) { count(f, RUNNER); return inner.runnerOf(f); }
    @Override public Node poolQueueing(Node f) { count(f, QUEUE); return inner.poolQueueing(f); }
    @Override public Node poolOf(Node t) { count(t, POOL_OF); return inner.poolOf(t); }
    @Override public Collection<Node> workersOf(Node p) { count(p, WORKERS); return inner.workersOf(p); }
    @Override public boolean busy(Node w) { count(w, BUSY); return inner.busy(w); }
    @Override public boolean canStartWorker(Node p) { count(p, CAN_START); return inner.canStartWorker(p); }
    @Override public Collection<Node> alternativesOf(Node f) { count(f, ALTERNATIVES); return inner.alternativesOf(f); }
    @Override public Node prerequisiteOf(Node f) { count(f, PREREQUISITE); return inner.prerequisiteOf(f); }
    @Override public Node lockOwnerBlocking(Node t) { count(t, LOCK_OWNER); return inner.lockOwnerBlocking(t); }
}
