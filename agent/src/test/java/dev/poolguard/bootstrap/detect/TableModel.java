package dev.poolguard.bootstrap.detect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link WaitModel} built from a table, either with the builder methods or from a line such as
 * {@code "T1 waits F2; F2 runs T2; F3 queued P1; P1 workers T1,T2"}. Statements, separated by ';':
 * <pre>
 *   X waits F        X is blocked on F          X timed        X's wait has a timeout
 *   F runs X         X is running F's task      F queued P     P's queue holds F's task
 *   F done           F is completed             P workers A,B  P's live workers (P workers - : none)
 *   P grows          P may start a worker       X idle         X is a worker that runs no task
 *   F after G        F waits for G to complete  F anyof G,H    any of G, H ends a wait on F
 *   X locked Y       X is blocked on a lock that Y owns
 * </pre>
 * Pools cannot grow and workers are busy unless the table says otherwise.
 *
 * <p>Every node is a distinct {@link Node} whose {@code equals} says all nodes are equal: a detector that
 * used {@code equals} or {@code hashCode} instead of identity would fail every test.
 */
final class TableModel implements WaitModel<TableModel.Node, TableModel.Node, TableModel.Node> {

    /** A thread, future or pool of the table, told apart by identity only. */
    static final class Node {
        final String name;

        Node(String name) {
            this.name = name;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Node; // deliberately useless: see the class comment
        }

        @Override
        public int hashCode() {
            return 0;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final Map<String, Node> byName = new LinkedHashMap<>();
    private final Map<Node, Node> awaited = new IdentityHashMap<>();
    private final Map<Node, Node> runner = new IdentityHashMap<>();
    private final Map<Node, Node> queuedIn = new IdentityHashMap<>();
    private final Map<Node, Node> poolOf = new IdentityHashMap<>();
    private final Map<Node, List<Node>> workers = new IdentityHashMap<>();
    private final Map<Node, Node> prerequisite = new IdentityHashMap<>();
    private final Map<Node, List<Node>> alternatives = new IdentityHashMap<>();
    private final Map<Node, Node> lockOwner = new IdentityHashMap<>();
    private final Set<String> timed = new HashSet<>();
    private final Set<String> done = new HashSet<>();
    private final Set<String> grows = new HashSet<>();
    private final Set<String> idle = new HashSet<>();

    static TableModel parse(String table) {
        TableModel model = new TableModel();
        for (String statement : table.split(";")) {
            String[] w = statement.trim().split("\\s+");
            if (w.length == 1 && w[0].isEmpty()) {
                continue;
            }
            switch (w.length == 2 || w.length == 3 ? w[1] : "?") {
                case "waits" -> model.waits(w[0], w[2]);
                case "runs" -> model.runs(w[0], w[2]);
                case "queued" -> model.queued(w[0], w[2]);
                case "workers" -> model.workers(w[0], w[2].equals("-") ? new String[0] : w[2].split(","));
                case "timed" -> model.timed(w[0]);
                case "done" -> model.done(w[0]);
                case "grows" -> model.grows(w[0]);
                case "idle" -> model.idle(w[0]);
                case "after" -> model.after(w[0], w[2]);
                case "anyof" -> model.anyOf(w[0], w[2].equals("-") ? new String[0] : w[2].split(","));
                case "locked" -> model.locked(w[0], w[2]);
                default -> throw new IllegalArgumentException("bad statement: " + statement);
            }
        }
        return model;
    }

    Node node(String name) {
        return byName.computeIfAbsent(name, Node::new);
    }

    TableModel waits(String thread, String future) {
        awaited.put(node(thread), node(future));
        return this;
    }

    TableModel runs(String future, String thread) {
        runner.put(node(future), node(thread));
        return this;
    }

    TableModel queued(String future, String pool) {
        queuedIn.put(node(future), node(pool));
        return this;
    }

    TableModel workers(String pool, String... threads) {
        List<Node> list = workers.computeIfAbsent(node(pool), p -> new ArrayList<>());
        for (String t : threads) {
            list.add(node(t));
            poolOf.put(node(t), node(pool));
        }
        return this;
    }

    TableModel after(String future, String before) {
        prerequisite.put(node(future), node(before));
        return this;
    }

    TableModel anyOf(String future, String... parts) {
        List<Node> list = alternatives.computeIfAbsent(node(future), f -> new ArrayList<>());
        for (String part : parts) {
            list.add(node(part));
        }
        return this;
    }

    TableModel locked(String thread, String owner) {
        lockOwner.put(node(thread), node(owner));
        return this;
    }

    TableModel timed(String thread) {
        node(thread);
        timed.add(thread);
        return this;
    }

    TableModel done(String future) {
        node(future);
        done.add(future);
        return this;
    }

    TableModel grows(String pool) {
        node(pool);
        grows.add(pool);
        return this;
    }

    TableModel idle(String thread) {
        node(thread);
        idle.add(thread);
        return this;
    }

    @Override
    public Node awaitedBy(Node thread) {
        return awaited.get(thread);
    }

    @Override
    public boolean timedWait(Node thread) {
        return timed.contains(thread.name);
    }

    @Override
    public boolean isDone(Node future) {
        return done.contains(future.name);
    }

    @Override
    public Node runnerOf(Node future) {
        return runner.get(future);
    }

    @Override
    public Node poolQueueing(Node future) {
        return queuedIn.get(future);
    }

    @Override
    public Node poolOf(Node thread) {
        return poolOf.get(thread);
    }

    @Override
    public Collection<Node> workersOf(Node pool) {
        return workers.getOrDefault(pool, List.of());
    }

    @Override
    public boolean busy(Node worker) {
        return !idle.contains(worker.name);
    }

    @Override
    public boolean canStartWorker(Node pool) {
        return grows.contains(pool.name);
    }

    @Override
    public Collection<Node> alternativesOf(Node future) {
        return alternatives.get(future);
    }

    @Override
    public Node prerequisiteOf(Node future) {
        return prerequisite.get(future);
    }

    @Override
    public Node lockOwnerBlocking(Node thread) {
        return lockOwner.get(thread);
    }

    /** The table as statements, for a failure message. */
    String dump() {
        StringBuilder out = new StringBuilder();
        awaited.forEach((k, v) -> out.append(k).append(" waits ").append(v).append("; "));
        runner.forEach((k, v) -> out.append(k).append(" runs ").append(v).append("; "));
        queuedIn.forEach((k, v) -> out.append(k).append(" queued ").append(v).append("; "));
        workers.forEach((k, v) -> out.append(k).append(" workers ").append(v).append("; "));
        prerequisite.forEach((k, v) -> out.append(k).append(" after ").append(v).append("; "));
        alternatives.forEach((k, v) -> out.append(k).append(" anyof ").append(v).append("; "));
        lockOwner.forEach((k, v) -> out.append(k).append(" locked ").append(v).append("; "));
        out.append("timed ").append(timed).append(" done ").append(done).append(" grows ").append(grows)
            .append(" idle ").append(idle);
        return out.toString();
    }

    /** Every thread of the table that waits on something, in the order first named. */
    List<Node> waiters() {
        List<Node> result = new ArrayList<>();
        for (Node n : byName.values()) {
            if (awaited.containsKey(n)) {
                result.add(n);
            }
        }
        return result;
    }

    /** All thread-like nodes: the waiters, the runners and the workers. */
    Set<Node> threads() {
        Set<Node> result = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        result.addAll(awaited.keySet());
        result.addAll(runner.values());
        result.addAll(poolOf.keySet());
        result.addAll(lockOwner.keySet());
        result.addAll(lockOwner.values());
        return result;
    }

    /** All pools: those with workers and those queueing a task. */
    Set<Node> pools() {
        Set<Node> result = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        result.addAll(workers.keySet());
        result.addAll(queuedIn.values());
        for (String g : grows) {
            result.add(node(g));
        }
        return result;
    }

    /** A verdict as one line, for table comparisons: "STARVATION timed=false threads=[T1, T2] pools=[P1]". */
    static String describe(Verdict<Node, Node, Node> v) {
        if (v == null) {
            return "none";
        }
        return v.kind() + " timed=" + v.timed() + " threads=" + v.threads() + " pools=" + v.pools();
    }
}
