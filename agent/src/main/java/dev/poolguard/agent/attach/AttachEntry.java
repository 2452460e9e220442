package dev.poolguard.agent.attach;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.poolguard.agent.json.JsonWriter;

/**
 * The target's side of {@code attach}, run by {@code agentmain} on the JVM's attach thread. It answers
 * through the file the command named, never through the target's stdout or stderr, and never throws:
 * whatever goes wrong is written to that file for the command to print.
 */
public final class AttachEntry {
    private AttachEntry() {
    }

    /** {@code watch}: installs for good; returns null when installed, else why not. */
    public interface Installer {
        String install(String options, Instrumentation instrumentation);
    }

    public static void run(AgentArgs args, Instrumentation instrumentation, Installer installer) {
        String answer;
        try {
            if (AgentArgs.SNAPSHOT.equals(args.mode())) {
                answer = snapshot(instrumentation);
            } else if (AgentArgs.WATCH.equals(args.mode())) {
                String problem = installer.install(args.options(), instrumentation);
                answer = problem == null ? JsonWriter.write(Map.of("installed", true)) : error(problem);
            } else {
                answer = error("unknown attach mode '" + args.mode() + "' (agent jar of another version?)");
            }
        } catch (Throwable failure) {
            answer = error("the agent failed in the target: " + failure);
        }
        try {
            Files.write(Path.of(args.resultFile()), answer.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // the command says it got no answer; the target must not hear of it
        }
    }

    /**
     * Runs {@link SnapshotTaker} in a loader of its own, with {@code java.lang} and
     * {@code java.util.concurrent} opened to that loader's module only (see {@link IsolatedLoader}).
     */
    private static String snapshot(Instrumentation instrumentation) throws Exception {
        try (IsolatedLoader loader = IsolatedLoader.overAgentJar()) {
            Module reader = loader.getUnnamedModule();
            instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("java.lang", Set.of(reader), "java.util.concurrent", Set.of(reader)), Set.of(), Map.of());
            return (String) callIsolated(loader, SnapshotTaker.class.getName(), "takeAsJson");
        }
    }

    /** Calls a public static no-argument method of a class loaded by {@code loader}; its failure, unwrapped. */
    static Object callIsolated(ClassLoader loader, String className, String method) throws Exception {
        try {
            return Class.forName(className, true, loader).getMethod(method).invoke(null);
        } catch (java.lang.reflect.InvocationTargetException failed) {
            Throwable cause = failed.getCause();
            throw cause instanceof Exception ? (Exception) cause : new IllegalStateException(cause);
        }
    }

    /**
     * Every live {@code ThreadPoolExecutor} worker of the target as {pool, Worker, thread}, read in a
     * loader of its own like the snapshot ({@code watch} adopts them into the registry).
     */
    @SuppressWarnings("unchecked")
    public static java.util.List<Object[]> liveWorkers(Instrumentation instrumentation) throws Exception {
        try (IsolatedLoader loader = IsolatedLoader.overAgentJar()) {
            Module reader = loader.getUnnamedModule();
            instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("java.lang", Set.of(reader), "java.util.concurrent", Set.of(reader)), Set.of(), Map.of());
            return (java.util.List<Object[]>) callIsolated(loader, WorkerScan.class.getName(), "liveWorkers");
        }
    }

    static String error(String message) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("error", message);
        return JsonWriter.write(answer);
    }
}
