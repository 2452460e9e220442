package dev.poolguard.bootstrap.waits;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Which futures a dependent {@code CompletableFuture} stage waits for, read from the completion stacks
 * ({@code CompletableFuture.stack}, the {@code Completion} nodes' {@code dep}, {@code src}, {@code snd},
 * {@code base}). A dependent does not know its source: only the source's stack knows the dependent. So the
 * search runs forwards, from the futures whose producer poolguard knows (the roots: stages queued in a
 * stuck pool, stages running), and is bounded ({@link #MAX_DEPTH} levels, {@link #MAX_NODES} nodes) and
 * done only on the analysis path. Not found, or any doubt, is "unknown", which the detector counts as
 * progress.
 *
 * <p>An edge "d cannot complete before s" is a {@code thenApply/Accept/Run/Compose/Handle/WhenComplete/
 * exceptionally} (one source) or a {@code thenCombine/allOf} part (every source); an "either" edge
 * ({@code applyToEither}, {@code anyOf}) is not, and is answered as alternatives instead. A future with an
 * {@code orTimeout}/{@code completeOnTimeout} (a {@code Canceller} on its stack) is completed by the timer:
 * never followed. The JDK's own {@code complete} by someone holding the dependent is not seen (as the
 * contract says: a dependent is taken to be completed by its source).
 */
public final class StageSources {
    /** Levels of dependents followed from a root, and completion nodes read, per search. */
    static final int MAX_DEPTH = 8;
    static final int MAX_NODES = 4096;

    private static final VarHandle STACK;
    private static final VarHandle NEXT;
    private static final VarHandle UNI_DEP;
    private static final VarHandle UNI_SRC;
    private static final VarHandle BI_SND;
    private static final VarHandle CO_BASE;
    private static final VarHandle ANY_DEP;
    private static final VarHandle ANY_SRCS;
    private static final VarHandle WHEN_FN;
    private static final Class<?> UNI;
    private static final Class<?> CO;
    private static final Class<?> ANY_OF;
    private static final Class<?> WHEN_COMPLETE;
    private static final Class<?> CANCELLER;
    /** The "either" completions: any one source completes the dependent. */
    private static final List<Class<?>> EITHER;

    static {
        VarHandle stack = null, next = null, uniDep = null, uniSrc = null, biSnd = null, coBase = null;
        VarHandle anyDep = null, anySrcs = null, whenFn = null;
        Class<?> uni = null, bi = null, co = null, anyOf = null, when = null, canceller = null;
        List<Class<?>> either = List.of();
        try {
            Class<?> cf = CompletableFuture.class;
            Class<?> completion = nested("Completion");
            uni = nested("UniCompletion");
            bi = nested("BiCompletion");
            co = nested("CoCompletion");
            anyOf = nested("AnyOf");
            when = nested("UniWhenComplete");
            canceller = nested("Canceller");
            either = List.of(nested("OrApply"), nested("OrAccept"), nested("OrRun"));
            stack = lookup(cf).findVarHandle(cf, "stack", completion);
            next = lookup(completion).findVarHandle(completion, "next", completion);
            uniDep = lookup(uni).findVarHandle(uni, "dep", cf);
            uniSrc = lookup(uni).findVarHandle(uni, "src", cf);
            biSnd = lookup(bi).findVarHandle(bi, "snd", cf);
            coBase = lookup(co).findVarHandle(co, "base", bi);
            anyDep = lookup(anyOf).findVarHandle(anyOf, "dep", cf);
            anySrcs = lookup(anyOf).findVarHandle(anyOf, "srcs", CompletableFuture[].class);
            whenFn = lookup(when).findVarHandle(when, "fn", java.util.function.BiConsumer.class);
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            stack = null; // every answer "unknown"
        }
        STACK = stack;
        NEXT = next;
        UNI_DEP = uniDep;
        UNI_SRC = uniSrc;
        BI_SND = biSnd;
        CO_BASE = coBase;
        ANY_DEP = anyDep;
        ANY_SRCS = anySrcs;
        WHEN_FN = whenFn;
        UNI = uni;
        CO = co;
        ANY_OF = anyOf;
        WHEN_COMPLETE = when;
        CANCELLER = canceller;
        EITHER = either;
    }

    private StageSources() {
    }

    private static Class<?> nested(String name) throws ClassNotFoundException {
        return Class.forName("java.util.concurrent.CompletableFuture$" + name, false, null);
    }

    private static MethodHandles.Lookup lookup(Class<?> type) throws IllegalAccessException {
        return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
    }

    /** Whether {@code future} is an unfinished {@code CompletableFuture} these searches may be asked about. */
    public static boolean searchable(Object future) {
        return STACK != null && future instanceof CompletableFuture<?> cf && !cf.isDone();
    }

    /**
     * The root that {@code target} cannot complete before (it is the root, or a dependent of it through
     * "cannot complete before" edges), or null: none found, {@code target} is itself a root (it has a
     * producer of its own), or a timer may complete it or a stage between.
     */
    public static Object sourceAmong(Object target, List<Object> roots) {
        Object found = search(target, roots, false);
        return found instanceof List ? null : found;
    }

    /**
     * The futures any one of which completes {@code target}, when it is an either-stage ({@code anyOf},
     * {@code applyToEither}...) found among the roots' dependents; else null (a plain future).
     */
    @SuppressWarnings("unchecked")
    public static List<Object> alternativesAmong(Object target, List<Object> roots) {
        Object found = search(target, roots, true);
        return found instanceof List ? (List<Object>) found : null;
    }

    /**
     * One bounded breadth-first walk over the dependents of every root. Returns the root {@code target}
     * hangs from (gated edges only), or, when {@code alternatives}, the sources of the either-completion
     * whose dependent is {@code target} (a List); null when neither was found.
     */
    private static Object search(Object target, List<Object> roots, boolean alternatives) {
        if (!searchable(target) || roots.isEmpty() || timerCompletes(target)) {
            return null;
        }
        for (Object root : roots) {
            if (root == target) {
                return null; // its own producer is known: not a dependent of another
            }
        }
        IdentityHashMap<Object, Object> seen = new IdentityHashMap<>();
        ArrayList<Object> queue = new ArrayList<>(); // (future, root, depth) triples
        for (Object root : roots) {
            if (root instanceof CompletableFuture && seen.put(root, root) == null && !timerCompletes(root)) {
                queue.add(root);
                queue.add(root);
                queue.add(0);
            }
        }
        int nodes = 0;
        for (int i = 0; i < queue.size() && nodes < MAX_NODES; i += 3) {
            Object future = queue.get(i);
            Object root = queue.get(i + 1);
            int depth = (Integer) queue.get(i + 2);
            for (Object c = STACK.getVolatile(future); c != null && nodes < MAX_NODES; c = NEXT.getVolatile(c)) {
                nodes++;
                if (alternatives) {
                    List<Object> sources = eitherSources(c, target);
                    if (sources != null) {
                        return sources;
                    }
                }
                Object dep = gatedDependent(c);
                if (dep == null) {
                    continue;
                }
                if (dep == target) {
                    return alternatives ? null : root;
                }
                if (depth + 1 < MAX_DEPTH && seen.put(dep, root) == null && !timerCompletes(dep)) {
                    queue.add(dep);
                    queue.add(root);
                    queue.add(depth + 1);
                }
            }
        }
        return null;
    }

    /** The dependent of a completion that waits for every one of its sources, or null. */
    private static Object gatedDependent(Object completion) {
        Object node = completion;
        if (CO.isInstance(node)) {
            node = CO_BASE.get(node); // the second source's half of a two-source completion
        }
        if (node == null || !UNI.isInstance(node) || EITHER.contains(node.getClass())) {
            return null;
        }
        return UNI_DEP.get(node);
    }

    /** The sources of {@code completion} if it is an either-completion of {@code target}, else null. */
    private static List<Object> eitherSources(Object completion, Object target) {
        Object node = completion;
        if (CO.isInstance(node)) {
            node = CO_BASE.get(node);
        }
        if (node == null) {
            return null;
        }
        if (node.getClass() == ANY_OF) {
            if (ANY_DEP.get(node) != target) {
                return null;
            }
            Object[] sources = (Object[]) ANY_SRCS.get(node);
            return sources == null ? null : java.util.Arrays.asList(sources.clone());
        }
        if (!EITHER.contains(node.getClass()) || UNI_DEP.get(node) != target) {
            return null;
        }
        Object first = UNI_SRC.get(node);
        Object second = BI_SND.get(node);
        return first == null || second == null ? null : List.of(first, second);
    }

    /** Whether an {@code orTimeout}/{@code completeOnTimeout} timer may complete {@code future}. */
    private static boolean timerCompletes(Object future) {
        int nodes = 0;
        for (Object c = STACK.getVolatile(future); c != null && nodes < MAX_NODES; c = NEXT.getVolatile(c)) {
            nodes++;
            if (c.getClass() == WHEN_COMPLETE) {
                Object fn = WHEN_FN.get(c);
                if (fn != null && fn.getClass() == CANCELLER) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The dependent that {@code task} completes when it runs, if it is a stage's completion given to an
     * executor ({@code thenApplyAsync} and the like, once their sources are done), else null. One class
     * check for any other task.
     */
    public static Object firingDependent(Object task) {
        return STACK != null && UNI.isInstance(task) ? UNI_DEP.getVolatile(task) : null;
    }

    /** For the self-test and tests: whether the fields could be reached. */
    static boolean available() {
        return STACK != null;
    }
}
