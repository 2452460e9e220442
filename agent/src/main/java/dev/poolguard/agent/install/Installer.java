package dev.poolguard.agent.install;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.poolguard.agent.options.Options;
import dev.poolguard.agent.report.ReportFile;
import dev.poolguard.agent.report.ReportingSink;
import dev.poolguard.bootstrap.waits.DeadlockMode;
import dev.poolguard.bootstrap.Faults;
import dev.poolguard.bootstrap.Faults.Feature;
import dev.poolguard.bootstrap.PoolguardRuntime;
import dev.poolguard.bootstrap.SelfTest;

/**
 * Connects the boot runtime to the report, rewrites the JDK classes, and checks the result. Loaded only
 * after {@link BootstrapInjector} defined the runtime, since its signatures use runtime types.
 */
public final class Installer {
    private Installer() {
    }

    public static void install(Instrumentation instrumentation, Options options, ReportFile report, String version) {
        ReportingSink sink = new ReportingSink(report);
        openConcurrencyPackageToRuntime(instrumentation);
        PoolguardRuntime.connect(sink, options.shutdownMode(), options.graceMillis(), options.hookSpawnsAllowed(),
                options.deadlockMode(), options.risksReported());
        PoolguardRuntime.watchStalls(options.stallMillis());
        ensureApplicationHookSlot();

        // order matters: a pool class before its worker, so a failed pool rewrite can be seen first
        JdkClassTransformer transformer = new JdkClassTransformer(List.of(
                new ThreadPoolExecutorRewriter(), new WorkerRewriter(), new ScheduledExecutorRewriter(),
                WaitRewriter.futureTask(), WaitRewriter.completableFuture(), new SignallerRewriter(),
                AsyncStageRewriter.asyncSupply(), AsyncStageRewriter.asyncRun(), new CompletionServiceRewriter(),
                new ShutdownRewriter(), new ApplicationShutdownHooksRewriter()));
        List<String> problems = new ArrayList<>();
        Class<?>[] targets = null;
        try {
            // loaded before the transformer is added: a target loaded after it is rewritten at its first
            // load and then once more by the retransformation (twice the ASM work, ~2 MB of garbage)
            targets = load(transformer.classNames());
        } catch (Throwable failure) {
            problems.add("the JVM refused the rewritten JDK classes: " + failure);
        }
        instrumentation.addTransformer(transformer, true);
        if (options.deadlockMode() != DeadlockMode.OFF) {
            // Guava is the application's, if it is there at all: rewritten by name when a loader loads it
            GuavaTransformer.install(instrumentation, new java.util.function.Consumer<String>() {
                @Override
                public void accept(String problem) { // a class, not a method reference: no lambda spun in premain
                    sink.installationProblem(problem);
                }
            });
        }
        try {
            if (targets != null) {
                instrumentation.retransformClasses(targets);
            }
        } catch (Throwable failure) {
            problems.add("the JVM refused the rewritten JDK classes: " + failure);
        }
        List<String> instrumented = new ArrayList<>();
        for (String name : transformer.classNames()) {
            String outcome = transformer.outcome(name);
            if ("ok".equals(outcome) && problems.isEmpty()) {
                instrumented.add(name.replace('/', '.'));
            } else if (problems.isEmpty() || outcome != null && !"ok".equals(outcome)) {
                problems.add(name.replace('/', '.') + ": " + (outcome == null ? "never offered for rewriting" : outcome));
            }
        }
        disableWhatBroke(instrumented);
        String offByInstrumentation = offFeatures();
        // after every rewrite: a thread of poolguard's running while the JVM redefines the classes it
        // links crashed JDK 17 (VM_RedefineClasses comparing methods; once in some 60 starts)
        SelfTest.Result tested = SelfTest.run(System.getProperty(SelfTest.BREAK_PROPERTY));
        List<String> notInstrumented = List.copyOf(problems);
        problems.addAll(tested.problems());
        Map<String, Object> shown = new LinkedHashMap<>(options.effective());
        if (report != null) {
            shown.put("report", report.path().toString()); // with %p resolved
        }
        sink.agentStarted(version, shown, instrumented, problems);
        if (!notInstrumented.isEmpty()) {
            sink.installationProblem("could not instrument everything, so part of poolguard is off ("
                    + offByInstrumentation + "); the application runs normally. " + String.join("; ", notInstrumented));
        }
        if (!tested.problems().isEmpty()) {
            sink.installationProblem("the self-test at start found part of poolguard not working on this JVM;"
                    + " the application runs normally. " + String.join("; ", tested.problems()));
        } else if (!tested.finished()) {
            sink.installationProblem("the self-test at start did not finish within " + SelfTest.BOUND_MILLIS
                    + " ms (a JVM too busy to start a thread?); poolguard runs, unproven on this JVM");
        }
    }

    /**
     * Worker tracking needs both pool classes; the shutdown guard needs worker tracking, the scheduled
     * pool (its submissions) and both shutdown classes; deadlock detection needs worker tracking and every wait and stage class. A
     * feature whose classes were not all rewritten is off, never half on.
     */
    private static void disableWhatBroke(List<String> instrumented) {
        String juc = "java.util.concurrent.";
        boolean workers = instrumented.contains(juc + "ThreadPoolExecutor")
                && instrumented.contains(juc + "ThreadPoolExecutor$Worker");
        boolean shutdown = workers && instrumented.contains(juc + "ScheduledThreadPoolExecutor")
                && instrumented.contains("java.lang.Shutdown")
                && instrumented.contains("java.lang.ApplicationShutdownHooks");
        boolean deadlocks = workers && instrumented.contains(juc + "FutureTask")
                && instrumented.contains(juc + "CompletableFuture")
                && instrumented.contains(juc + "CompletableFuture$Signaller")
                && instrumented.contains(juc + "CompletableFuture$AsyncSupply")
                && instrumented.contains(juc + "CompletableFuture$AsyncRun");
        if (!workers) {
            Faults.disable(Feature.WORKER_TRACKING);
            Faults.disable(Feature.STALL_WATCH); // it reads what worker tracking knows
        }
        if (!shutdown) {
            Faults.disable(Feature.SHUTDOWN_GUARD);
        }
        if (!deadlocks) {
            Faults.disable(Feature.DEADLOCK_DETECTION);
        }
    }

    /**
     * The runtime reads {@code FutureTask.runner} and the async stages' {@code dep}: private fields of
     * {@code java.util.concurrent}, opened to the boot runtime's (unnamed) module only.
     */
    private static void openConcurrencyPackageToRuntime(Instrumentation instrumentation) {
        Module javaBase = Object.class.getModule();
        Module runtime = PoolguardRuntime.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(), Map.of(),
                Map.of("java.util.concurrent", Set.of(runtime)), Set.of(), Map.of());
    }

    private static String offFeatures() {
        List<String> off = new ArrayList<>();
        for (Feature feature : Feature.values()) {
            if (!feature.enabled()) {
                off.add(feature.label());
            }
        }
        return String.join(", ", off);
    }

    /**
     * {@code ApplicationShutdownHooks} runs (and exists as a shutdown slot) only once someone registered
     * a hook; the drain hangs off its end, so poolguard registers an empty one to be sure.
     */
    private static void ensureApplicationHookSlot() {
        // a thread with no target runs nothing; not a lambda, which would be spun at start-up
        Runtime.getRuntime().addShutdownHook(new Thread("poolguard-hook-slot"));
    }

    /** Loads each target (nested ones included) so that it can be retransformed. */
    private static Class<?>[] load(List<String> internalNames) throws ClassNotFoundException {
        Class<?>[] classes = new Class<?>[internalNames.size()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = Class.forName(internalNames.get(i).replace('/', '.'), false, null);
        }
        return classes;
    }
}
