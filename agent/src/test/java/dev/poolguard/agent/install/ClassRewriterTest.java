package dev.poolguard.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.poolguard.agent.install.ClassBytes.Call;
import dev.poolguard.bootstrap.PoolHooks;
import dev.poolguard.bootstrap.PoolguardHooks;
import dev.poolguard.bootstrap.ShutdownHooks;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Every rewriter applied to the real class files of the running JDK: it finds every site it expects
 * (else {@code apply} throws), and the result calls the expected hooks, in the expected methods, with
 * descriptors that {@link PoolguardHooks} really has.
 */
class ClassRewriterTest {
    /** Stands for "one per return instruction of the original method", "plus one" for a catch-all handler. */
    private static final int PER_RETURN = -1;
    private static final int PER_RETURN_PLUS_HANDLER = -2;

    /** A rewriter, the class it rewrites, and per method: hook name to number of calls. */
    record Case(String label, Supplier<ClassRewriter> rewriter, Map<String, Map<String, Integer>> hooks) {
        @Override
        public String toString() {
            return label;
        }
    }

    private static Map<String, Integer> hooks(Object... nameCount) {
        Map<String, Integer> map = new TreeMap<>();
        for (int i = 0; i < nameCount.length; i += 2) {
            map.put((String) nameCount[i], (Integer) nameCount[i + 1]);
        }
        return map;
    }

    static Stream<Case> cases() {
        String worker = "Ljava/util/concurrent/ThreadPoolExecutor$Worker;";
        Map<String, Map<String, Integer>> tpe = new LinkedHashMap<>();
        tpe.put("runWorker(" + worker + ")V", hooks("workerStarted", 1, "taskStarting", 2, "taskFinished", 1));
        tpe.put("processWorkerExit(" + worker + "Z)V", hooks("workerGone", 1));
        tpe.put("addWorkerFailed(" + worker + ")V", hooks("workerGone", 1));
        tpe.put("reject(Ljava/lang/Runnable;)V", hooks("rejected", 1));
        tpe.put("execute(Ljava/lang/Runnable;)V", hooks("submitting", 1));

        Map<String, Map<String, Integer>> workerInit = Map.of(
                "<init>(Ljava/util/concurrent/ThreadPoolExecutor;Ljava/lang/Runnable;)V", hooks("newWorkerThread", 1));

        Map<String, Map<String, Integer>> futureTask = Map.of(
                "awaitDone(ZJ)I", hooks("waitStarting", 1, "waitEnded", PER_RETURN_PLUS_HANDLER,
                        "park", 1, "parkNanos", 1));
        Map<String, Map<String, Integer>> signaller = Map.of("block()Z", hooks("park", 1, "parkNanos", 1));
        Map<String, Map<String, Integer>> scheduled = Map.of(
                "delayedExecute(Ljava/util/concurrent/RunnableScheduledFuture;)V", hooks("submitting", 1));
        Map<String, Map<String, Integer>> completableFuture = new LinkedHashMap<>();
        completableFuture.put("waitingGet(Z)Ljava/lang/Object;",
                hooks("waitStarting", 1, "waitEnded", PER_RETURN_PLUS_HANDLER));
        completableFuture.put("timedGet(J)Ljava/lang/Object;",
                hooks("waitStarting", 1, "waitEnded", PER_RETURN_PLUS_HANDLER));
        Map<String, Map<String, Integer>> stage = Map.of(
                "run()V", hooks("stageStarting", 1, "stageFinished", PER_RETURN));

        Map<String, Map<String, Integer>> shutdown = new LinkedHashMap<>();
        shutdown.put("exit(I)V", hooks("exitRequested", 1));
        shutdown.put("shutdown()V", hooks("lastThreadEnded", 1));
        shutdown.put("runHooks()V", hooks("shutdownHooksStarting", 1));
        shutdown.put("halt(I)V", hooks("halting", 1));

        Map<String, Map<String, Integer>> appHooks = Map.of(
                "runHooks()V", hooks("applicationHooksStarting", 1, "applicationHooksFinished", PER_RETURN));

        Map<String, Map<String, Integer>> completionService = new LinkedHashMap<>();
        completionService.put("take()Ljava/util/concurrent/Future;", hooks("takeCompletion", 1));
        completionService.put("poll(JLjava/util/concurrent/TimeUnit;)Ljava/util/concurrent/Future;",
                hooks("pollCompletion", 1));

        return Stream.of(
                new Case("ThreadPoolExecutor", ThreadPoolExecutorRewriter::new, tpe),
                new Case("ThreadPoolExecutor$Worker", WorkerRewriter::new, workerInit),
                new Case("FutureTask", WaitRewriter::futureTask, futureTask),
                new Case("CompletableFuture", WaitRewriter::completableFuture, completableFuture),
                new Case("CompletableFuture$Signaller", SignallerRewriter::new, signaller),
                new Case("ScheduledThreadPoolExecutor", ScheduledExecutorRewriter::new, scheduled),
                new Case("CompletableFuture$AsyncSupply", AsyncStageRewriter::asyncSupply, stage),
                new Case("CompletableFuture$AsyncRun", AsyncStageRewriter::asyncRun, stage),
                new Case("ExecutorCompletionService", CompletionServiceRewriter::new, completionService),
                new Case("Shutdown", ShutdownRewriter::new, shutdown),
                new Case("ApplicationShutdownHooks", ApplicationShutdownHooksRewriter::new, appHooks));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rewritesTheRealJdkClass(Case c) {
        ClassRewriter rewriter = c.rewriter().get();
        byte[] original = ClassBytes.of(rewriter.className());
        byte[] rewritten = rewriter.apply(original);
        assertNotNull(rewritten);
        assertEquals(rewriter.className(), new ClassReader(rewritten).getClassName());

        Map<String, List<Call>> before = ClassBytes.calls(original);
        Map<String, List<Call>> after = ClassBytes.calls(rewritten);
        Map<String, Integer> returns = ClassBytes.returns(original);
        assertEquals(before.keySet(), after.keySet(), "no method added or removed");

        for (Map.Entry<String, List<Call>> method : after.entrySet()) {
            Map<String, Integer> found = new TreeMap<>();
            for (Call call : method.getValue()) {
                if (call.isHook()) {
                    found.merge(call.name(), 1, Integer::sum);
                }
            }
            Map<String, Integer> expected = new TreeMap<>(c.hooks().getOrDefault(method.getKey(), Map.of()));
            expected.replaceAll((hook, count) -> count == PER_RETURN ? returns.get(method.getKey())
                    : count == PER_RETURN_PLUS_HANDLER ? returns.get(method.getKey()) + 1 : count);
            assertEquals(expected, found, "hook calls in " + c.label() + "." + method.getKey());
            assertFalse(before.get(method.getKey()).stream().anyMatch(Call::isHook), "the JDK's own code calls no hook");
        }
        for (String method : c.hooks().keySet()) {
            assertTrue(after.containsKey(method), c.label() + " has no method " + method);
        }
    }

    /** The waits park only through poolguard: no {@code LockSupport} park is left where they block. */
    @Test
    void theWaitsParkOnlyThroughPoolguard() {
        Map<ClassRewriter, String> waits = Map.of(WaitRewriter.futureTask(), "awaitDone(ZJ)I",
                new SignallerRewriter(), "block()Z");
        waits.forEach((rewriter, method) -> {
            List<Call> before = ClassBytes.calls(ClassBytes.of(rewriter.className())).get(method);
            List<Call> after = ClassBytes.calls(rewriter.apply(ClassBytes.of(rewriter.className()))).get(method);
            assertTrue(before.stream().anyMatch(ClassRewriterTest::isLockSupportPark), "the JDK's own code parks");
            assertFalse(after.stream().anyMatch(ClassRewriterTest::isLockSupportPark), method + " still parks directly");
        });
    }

    private static boolean isLockSupportPark(Call call) {
        return call.owner().equals("java/util/concurrent/locks/LockSupport") && call.name().startsWith("park");
    }

    /** Each hook the rewritten code calls exists, public and static, with exactly that descriptor. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyHookCallResolvesInItsHookClass(Case c) {
        ClassRewriter rewriter = c.rewriter().get();
        byte[] rewritten = rewriter.apply(ClassBytes.of(rewriter.className()));
        Map<String, Method> hooks = new LinkedHashMap<>();
        for (Class<?> owner : List.of(PoolguardHooks.class, PoolHooks.class, ShutdownHooks.class)) {
            for (Method method : owner.getDeclaredMethods()) {
                if (Modifier.isPublic(method.getModifiers()) && Modifier.isStatic(method.getModifiers())) {
                    hooks.put(Type.getInternalName(owner) + "." + method.getName() + Type.getMethodDescriptor(method), method);
                }
            }
        }
        List<String> calls = ClassBytes.calls(rewritten).values().stream().flatMap(List::stream)
                .filter(Call::isHook).map(call -> call.owner() + "." + call.name() + call.descriptor()).distinct()
                .collect(Collectors.toList());
        assertFalse(calls.isEmpty());
        for (String call : calls) {
            assertTrue(hooks.containsKey(call), "no public static " + call + " among the hooks " + hooks.keySet());
        }
    }

    /** The hooks that belong at a method's entry are its first call. */
    @Test
    void entryHooksComeFirst() {
        Map<String, String> shutdownEntries = Map.of("exit(I)V", "exitRequested", "shutdown()V", "lastThreadEnded",
                "runHooks()V", "shutdownHooksStarting", "halt(I)V", "halting");
        assertFirstCalls(new ShutdownRewriter(), shutdownEntries);
        String worker = "Ljava/util/concurrent/ThreadPoolExecutor$Worker;";
        assertFirstCalls(new ThreadPoolExecutorRewriter(), Map.of(
                "runWorker(" + worker + ")V", "workerStarted",
                "processWorkerExit(" + worker + "Z)V", "workerGone",
                "addWorkerFailed(" + worker + ")V", "workerGone",
                "reject(Ljava/lang/Runnable;)V", "rejected"));
        assertFirstCalls(new ApplicationShutdownHooksRewriter(), Map.of("runHooks()V", "applicationHooksStarting"));
        assertFirstCalls(WaitRewriter.futureTask(), Map.of("awaitDone(ZJ)I", "waitStarting"));
        assertFirstCalls(AsyncStageRewriter.asyncSupply(), Map.of("run()V", "stageStarting"));
    }

    private static void assertFirstCalls(ClassRewriter rewriter, Map<String, String> firstHooks) {
        Map<String, List<Call>> calls = ClassBytes.calls(rewriter.apply(ClassBytes.of(rewriter.className())));
        firstHooks.forEach((method, hook) -> {
            Call first = calls.get(method).get(0);
            assertTrue(first.isHook() && first.name().equals(hook), method + " starts with " + first + ", not " + hook);
        });
    }

    /**
     * In the run loop, the task is marked right around {@code task.run()}, and also as soon as
     * {@code getTask()} hands it over (so no moment leaves it neither queued nor marked).
     */
    @Test
    void theRunLoopMarksTheTaskAroundItsRun() {
        ClassRewriter rewriter = new ThreadPoolExecutorRewriter();
        List<Call> calls = ClassBytes.calls(rewriter.apply(ClassBytes.of(rewriter.className())))
                .get("runWorker(Ljava/util/concurrent/ThreadPoolExecutor$Worker;)V");
        int run = -1;
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            if (call.opcode() == Opcodes.INVOKEINTERFACE && call.owner().equals("java/lang/Runnable")
                    && call.name().equals("run")) {
                assertEquals(-1, run, "one task.run() in runWorker");
                run = i;
            }
        }
        assertTrue(run > 0);
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).name().equals("getTask")) {
                assertEquals("taskStarting", calls.get(i + 1).name(), "marked as soon as it is dequeued");
            }
        }
        assertEquals("taskStarting", calls.get(run - 1).name());
        assertTrue(calls.get(run - 1).isHook());
        assertEquals("taskFinished", calls.get(run + 1).name());
        assertTrue(calls.get(run + 1).isHook());
    }

    /** The worker asks the hook for its thread instead of the factory. */
    @Test
    void theWorkerNoLongerCallsTheFactoryItself() {
        ClassRewriter rewriter = new WorkerRewriter();
        String init = "<init>(Ljava/util/concurrent/ThreadPoolExecutor;Ljava/lang/Runnable;)V";
        List<Call> before = ClassBytes.calls(ClassBytes.of(rewriter.className())).get(init);
        List<Call> after = ClassBytes.calls(rewriter.apply(ClassBytes.of(rewriter.className()))).get(init);
        assertTrue(before.stream().anyMatch(ClassRewriterTest::isNewThread));
        assertFalse(after.stream().anyMatch(ClassRewriterTest::isNewThread));
        assertEquals(before.size(), after.size(), "the call is replaced in place");
    }

    private static boolean isNewThread(Call call) {
        return call.owner().equals("java/util/concurrent/ThreadFactory") && call.name().equals("newThread");
    }

    // ---- classes of another shape ----------------------------------------------------------------

    @Test
    void thePoolRewriterRefusesAnotherPoolClass() {
        ClassRewriter rewriter = new ThreadPoolExecutorRewriter();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> rewriter.apply(ClassBytes.of("java/util/concurrent/ScheduledThreadPoolExecutor")));
        assertTrue(e.getMessage().startsWith("java.util.concurrent.ThreadPoolExecutor is not shaped as expected"),
                e.getMessage());
        for (String method : List.of("runWorker", "processWorkerExit", "addWorkerFailed", "reject")) {
            assertTrue(e.getMessage().contains(method), method + " not named: " + e.getMessage());
        }
        assertTrue(e.getMessage().contains("0 sites"), e.getMessage());
    }

    @Test
    void theWorkerRewriterRefusesThePoolClass() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new WorkerRewriter().apply(ClassBytes.of("java/util/concurrent/ThreadPoolExecutor")));
        assertTrue(e.getMessage().contains("<init>"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aTinyClassIsRefusedNamingWhatIsMissing(Case c) {
        ClassRewriter rewriter = c.rewriter().get();
        byte[] tiny = ClassBytes.tinyClass("test/Tiny");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> rewriter.apply(tiny));
        assertTrue(e.getMessage().contains(rewriter.className().replace('/', '.')), e.getMessage());
        for (String method : c.hooks().keySet()) {
            assertTrue(e.getMessage().contains(method + ": 0 sites, expected"), method + " not named: " + e.getMessage());
        }
    }

    /** A method that is there but no longer calls what the rewrite hooks into. */
    @Test
    void aMethodWithoutItsInnerSiteIsRefused() {
        String worker = "Ljava/util/concurrent/ThreadPoolExecutor$Worker;";
        byte[] hollow = ClassBytes.tinyClass("test/HollowPool", "runWorker(" + worker + ")V",
                "processWorkerExit(" + worker + "Z)V", "addWorkerFailed(" + worker + ")V", "reject(Ljava/lang/Runnable;)V");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ThreadPoolExecutorRewriter().apply(hollow));
        assertTrue(e.getMessage().contains("runWorker(" + worker + ")V: 1 sites, expected 3"), e.getMessage());
        assertFalse(e.getMessage().contains("processWorkerExit"), "the entry sites were all found: " + e.getMessage());

        byte[] noFactory = ClassBytes.tinyClass("test/HollowWorker",
                "<init>(Ljava/util/concurrent/ThreadPoolExecutor;Ljava/lang/Runnable;)V");
        IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> new WorkerRewriter().apply(noFactory));
        assertTrue(e2.getMessage().contains("0 sites, expected 1"), e2.getMessage());
    }

    // ---- the transformer -------------------------------------------------------------------------

    private static JdkClassTransformer transformer() {
        return new JdkClassTransformer(List.of(new ThreadPoolExecutorRewriter(), new WorkerRewriter(),
                new ShutdownRewriter()));
    }

    @Test
    void theTransformerKnowsItsClassesInOrder() {
        assertEquals(List.of("java/util/concurrent/ThreadPoolExecutor", "java/util/concurrent/ThreadPoolExecutor$Worker",
                "java/lang/Shutdown"), transformer().classNames());
    }

    @Test
    void theTransformerRewritesItsClassesInTheBootLoader() {
        JdkClassTransformer transformer = transformer();
        String tpe = "java/util/concurrent/ThreadPoolExecutor";
        byte[] rewritten = transformer.transform(Object.class.getModule(), null, tpe, ThreadPoolExecutorClass.TYPE,
                null, ClassBytes.of(tpe));
        assertNotNull(rewritten);
        assertTrue(ClassBytes.calls(rewritten).values().stream().flatMap(List::stream).anyMatch(Call::isHook));
        assertEquals("ok", transformer.outcome(tpe));
        assertEquals(null, transformer.outcome("java/lang/Shutdown"), "never offered");
    }

    @Test
    void theTransformerIgnoresOtherLoaders() {
        JdkClassTransformer transformer = transformer();
        String tpe = "java/util/concurrent/ThreadPoolExecutor";
        ClassLoader app = ClassRewriterTest.class.getClassLoader();
        assertEquals(null, transformer.transform(null, app, tpe, null, null, ClassBytes.of(tpe)));
        assertEquals(null, transformer.transform(null, ClassLoader.getPlatformClassLoader(), tpe, null, null,
                ClassBytes.of(tpe)));
        assertEquals(null, transformer.outcome(tpe), "not even attempted");
    }

    @Test
    void theTransformerIgnoresOtherClasses() {
        JdkClassTransformer transformer = transformer();
        for (String name : List.of("java/util/concurrent/ScheduledThreadPoolExecutor", "java/lang/Object",
                "java/util/concurrent/ThreadPoolExecutor$AbortPolicy", "com/acme/ThreadPoolExecutor")) {
            assertEquals(null, transformer.transform(null, null, name, null, null, new byte[] {1, 2, 3}), name);
            assertEquals(null, transformer.outcome(name));
        }
        assertEquals(null, transformer.transform(null, null, null, null, null, new byte[] {1, 2, 3}),
                "a hidden class has no name");
    }

    @Test
    void aClassThatCannotBeRewrittenIsLeftAloneWithTheReason() {
        JdkClassTransformer transformer = transformer();
        String tpe = "java/util/concurrent/ThreadPoolExecutor";
        assertEquals(null, transformer.transform(null, null, tpe, null, null,
                ClassBytes.of("java/util/concurrent/ScheduledThreadPoolExecutor")));
        assertTrue(transformer.outcome(tpe).contains("not shaped as expected"), transformer.outcome(tpe));

        String shutdown = "java/lang/Shutdown";
        assertEquals(null, transformer.transform(null, null, shutdown, null, null, new byte[] {0, 1, 2}),
                "garbage bytes are no reason to throw at the JVM");
        assertNotNull(transformer.outcome(shutdown));
        assertFalse(transformer.outcome(shutdown).equals("ok"));
    }

    /** Holder so the transform call above reads as a retransformation of a loaded class. */
    private static final class ThreadPoolExecutorClass {
        static final Class<?> TYPE = java.util.concurrent.ThreadPoolExecutor.class;
    }
}
