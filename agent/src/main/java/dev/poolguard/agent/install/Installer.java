package dev.poolguard.agent.install;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.poolguard.agent.options.Option;
import dev.poolguard.agent.options.Options;
import dev.poolguard.agent.report.ReportFile;
import dev.poolguard.agent.report.ReportingSink;
import dev.poolguard.bootstrap.Faults;
import dev.poolguard.bootstrap.Faults.Feature;
import dev.poolguard.bootstrap.PoolguardRuntime;
import dev.poolguard.bootstrap.ShutdownMode;

/**
 * Connects the boot runtime to the report, rewrites the JDK classes, and checks the result. Loaded only
 * after {@link BootstrapInjector} defined the runtime, since its signatures use runtime types.
 */
public final class Installer {
    private Installer() {
    }

    public static void install(Instrumentation instrumentation, Options options, ReportFile report, String version) {
        ReportingSink sink = new ReportingSink(report);
        PoolguardRuntime.connect(sink, ShutdownMode.valueOf(options.get(Option.SHUTDOWN).toUpperCase(Locale.ROOT)),
                options.graceMillis(), "allow".equals(options.get(Option.HOOK_SPAWNS)));
        ensureApplicationHookSlot();

        JdkClassTransformer transformer = new JdkClassTransformer(List.of(
                new ThreadPoolExecutorRewriter(), new WorkerRewriter(),
                new ShutdownRewriter(), new ApplicationShutdownHooksRewriter()));
        List<String> problems = new ArrayList<>();
        instrumentation.addTransformer(transformer, true);
        try {
            instrumentation.retransformClasses(load(transformer.classNames()));
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
        Options effective = options;
        sink.agentStarted(version, effective.effective(), instrumented, problems);
        if (!problems.isEmpty()) {
            sink.installationProblem("could not instrument everything, so part of poolguard is off ("
                    + offFeatures() + "); the application runs normally. " + String.join("; ", problems));
        }
    }

    /**
     * Worker tracking needs both pool classes; the shutdown guard needs worker tracking and both
     * shutdown classes. A feature whose classes were not all rewritten is off, never half on.
     */
    private static void disableWhatBroke(List<String> instrumented) {
        boolean workers = instrumented.contains("java.util.concurrent.ThreadPoolExecutor")
                && instrumented.contains("java.util.concurrent.ThreadPoolExecutor$Worker");
        boolean shutdown = workers && instrumented.contains("java.lang.Shutdown")
                && instrumented.contains("java.lang.ApplicationShutdownHooks");
        if (!workers) {
            Faults.disable(Feature.WORKER_TRACKING);
        }
        if (!shutdown) {
            Faults.disable(Feature.SHUTDOWN_GUARD);
        }
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { }, "poolguard-hook-slot"));
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
