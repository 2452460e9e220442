package dev.poolguard.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.poolguard.agent.install.GuavaLayout.Outcome;

/**
 * Guava's wait found by class name and shape, without the agent: the real class files of the newest Guava
 * (test class path; wait in {@code AbstractFutureState.blockingGet}) and of an older one (copied to
 * {@code target/guava-old}; wait in {@code AbstractFuture.get}) are rewritten, the rewritten classes load
 * through the verifier and wait and wake as before; a class of the same name shaped otherwise is left
 * alone and said once.
 */
class GuavaLayoutTest {
    private static final String PKG = "com/google/common/util/concurrent/";

    @ParameterizedTest
    @ValueSource(strings = {PKG + "AbstractFuture", PKG + "AbstractFutureState",
            "org/acme/shaded/" + PKG + "AbstractFuture", "org/acme/shaded/" + PKG + "AbstractFutureState"})
    void candidates(String name) {
        assertTrue(GuavaLayout.candidate(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {PKG + "AbstractFuture$Waiter", PKG + "AbstractFutureStateX", PKG + "MyAbstractFuture",
            "java/util/concurrent/AbstractFuture", "org/acme/AbstractFuture", "AbstractFuture",
            PKG + "sub/AbstractFuture", "xcom/google/common/util/concurrent/AbstractFuture"})
    void notCandidates(String name) {
        assertFalse(GuavaLayout.candidate(name));
        assertEquals(Outcome.OTHER, GuavaLayout.apply(name, new byte[0]).outcome());
    }

    @Test
    void newestGuavaWaitsInAbstractFutureState() throws IOException {
        Path jar = newestJar();
        assertEquals(Outcome.WAITS_ELSEWHERE, GuavaLayout.apply(PKG + "AbstractFuture", entry(jar, PKG + "AbstractFuture")).outcome());
        GuavaLayout.Result state = GuavaLayout.apply(PKG + "AbstractFutureState", entry(jar, PKG + "AbstractFutureState"));
        assertEquals(Outcome.REWRITTEN, state.outcome(), state.why());
    }

    @Test
    void olderGuavaWaitsInAbstractFuture() throws IOException {
        GuavaLayout.Result future = GuavaLayout.apply(PKG + "AbstractFuture", entry(oldJar(), PKG + "AbstractFuture"));
        assertEquals(Outcome.REWRITTEN, future.outcome(), future.why());
    }

    @Test
    void rewrittenNewestGuavaLoadsWaitsAndWakes() throws Exception {
        waitsAndWakes(List.of(newestJar(), jarOf("com/google/common/util/concurrent/internal/InternalFutureFailureAccess")),
                PKG + "AbstractFutureState");
    }

    @Test
    void rewrittenOlderGuavaLoadsWaitsAndWakes() throws Exception {
        List<Path> jars;
        try (Stream<Path> list = Files.list(oldJar().getParent())) {
            jars = list.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        waitsAndWakes(jars, PKG + "AbstractFuture");
    }

    @Test
    void unknownShapeIsLeftAloneAndSaidOnce() {
        byte[] odd = classWithPlainGet(PKG + "AbstractFuture", "java/lang/Object");
        GuavaLayout.Result result = GuavaLayout.apply(PKG + "AbstractFuture", odd);
        assertEquals(Outcome.NOT_UNDERSTOOD, result.outcome());
        assertTrue(result.why().contains("get()Ljava/lang/Object;: 0 sites"), result.why());
        assertEquals(Outcome.NOT_UNDERSTOOD,
                GuavaLayout.apply(PKG + "AbstractFutureState", classWithPlainGet(PKG + "AbstractFutureState", "java/lang/Object")).outcome());

        List<String> said = new ArrayList<>();
        GuavaTransformer transformer = new GuavaTransformer(said::add);
        ClassLoader app = getClass().getClassLoader();
        assertNull(transformer.transform(null, app, PKG + "AbstractFuture", null, null, odd));
        assertNull(transformer.transform(null, app, PKG + "AbstractFuture", null, null, odd));
        assertEquals(1, said.size(), said::toString);
        assertTrue(said.get(0).contains("waits on them take no part in deadlock detection"), said::toString);
        assertTrue(said.get(0).contains("0 sites"), said::toString);
    }

    @Test
    void transformerRewritesOnlyGuavaFromAnApplicationLoader() throws IOException {
        List<String> said = new ArrayList<>();
        GuavaTransformer transformer = new GuavaTransformer(said::add);
        byte[] state = entry(newestJar(), PKG + "AbstractFutureState");
        ClassLoader app = getClass().getClassLoader();
        assertNotNull(transformer.transform(null, app, PKG + "AbstractFutureState", null, null, state));
        assertNull(transformer.transform(null, null, PKG + "AbstractFutureState", null, null, state), "boot loader");
        assertNull(transformer.transform(null, app, PKG + "AbstractFuture", null, null,
                entry(newestJar(), PKG + "AbstractFuture")), "its waits are its superclass's");
        assertNull(transformer.transform(null, app, "org/acme/Other", null, null, state));
        assertTrue(said.isEmpty(), said::toString);
    }

    /**
     * Loads Guava from {@code jars} child-first, with {@code rewritten} replaced by its rewrite, and waits:
     * a get woken by a set, a timed get that times out. The hooks are the real ones, with no runtime
     * connected: they park as the JDK would.
     */
    private static void waitsAndWakes(List<Path> jars, String rewritten) throws Exception {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = jars.get(i).toUri().toURL();
        }
        List<String> defined = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader("guava-under-test", urls, GuavaLayoutTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.startsWith("com.google.")) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    if (c == null) {
                        String internal = name.replace('.', '/');
                        if (internal.equals(rewritten)) {
                            byte[] bytes = readUrl(findResource(internal + ".class"));
                            GuavaLayout.Result result = GuavaLayout.apply(internal, bytes);
                            assertEquals(Outcome.REWRITTEN, result.outcome(), result.why());
                            c = defineClass(name, result.rewritten(), 0, result.rewritten().length);
                            defined.add(name);
                        } else {
                            c = findClass(name);
                        }
                    }
                    return c;
                }
            }
        }) {
            Class<?> settableType = loader.loadClass("com.google.common.util.concurrent.SettableFuture");
            Object settable = settableType.getMethod("create").invoke(null);
            Future<?> future = (Future<?>) settable;
            Thread getter = Thread.currentThread();
            Thread setter = new Thread(() -> {
                while (getter.getState() != Thread.State.WAITING) {
                    Thread.onSpinWait();
                }
                try {
                    settableType.getMethod("set", Object.class).invoke(settable, "set");
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            });
            setter.start();
            assertEquals("set", future.get());
            setter.join();
            assertEquals(List.of(rewritten.replace('/', '.')), defined);

            Future<?> never = (Future<?>) settableType.getMethod("create").invoke(null);
            assertThrows(TimeoutException.class, () -> never.get(20, TimeUnit.MILLISECONDS));
        }
    }

    /** A class named {@code name} whose get()/get(long, TimeUnit) return null: no wait to find. */
    private static byte[] classWithPlainGet(String name, String superName) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, name, null, superName, null);
        for (String method : List.of("get", "blockingGet")) {
            for (String descriptor : List.of("()Ljava/lang/Object;", "(JLjava/util/concurrent/TimeUnit;)Ljava/lang/Object;")) {
                MethodVisitor mv = writer.visitMethod(Opcodes.ACC_PUBLIC, method, descriptor, null, null);
                mv.visitCode();
                mv.visitInsn(Opcodes.ACONST_NULL);
                mv.visitInsn(Opcodes.ARETURN);
                mv.visitMaxs(0, 0);
                mv.visitEnd();
            }
        }
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static Path newestJar() {
        return jarOf(PKG + "AbstractFutureState");
    }

    /** The jar on the test class path holding {@code internalName}. */
    private static Path jarOf(String internalName) {
        URL url = GuavaLayoutTest.class.getClassLoader().getResource(internalName + ".class");
        assertNotNull(url, internalName + " on the test class path");
        String spec = url.toString();
        assertTrue(spec.startsWith("jar:file:"), spec);
        return Path.of(java.net.URI.create(spec.substring("jar:".length(), spec.indexOf("!/"))));
    }

    private static Path oldJar() throws IOException {
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve("target/guava-old");
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().startsWith("guava-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no guava jar in " + dir + " (mvn copies it there)"));
        }
    }

    private static byte[] entry(Path jar, String internalName) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            return readResource(loader, internalName);
        }
    }

    private static byte[] readUrl(URL url) {
        assertNotNull(url);
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readResource(ClassLoader loader, String internalName) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            assertNotNull(in, internalName);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void capIsGuavasOwn() {
        assertEquals(2147483647999999999L, GuavaWaitRewriter.MAX_PARK_NANOS);
    }
}
