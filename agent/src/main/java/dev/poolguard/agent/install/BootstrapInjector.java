package dev.poolguard.agent.install;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines poolguard's JDK-only runtime ({@code dev.poolguard.bootstrap} and the public exception) in
 * the boot class loader, where code rewritten inside {@code java.base} can call it.
 *
 * <p>Why not {@code Instrumentation.appendToBootstrapClassLoaderSearch}: on both JDKs it makes the
 * JVM print a class-data-sharing warning on stderr, which users' log scrapers see. Defining the
 * classes directly (through {@code jdk.internal.misc.Unsafe}, opened to this module with
 * {@code Instrumentation.redefineModule}) prints nothing. The classes ship in the agent jar under
 * {@value #ENTRY_PREFIX} with a {@code .classdata} suffix, where no class loader would find them, so
 * the agent's own loader can never load a second copy.
 */
public final class BootstrapInjector {
    static final String ENTRY_PREFIX = "META-INF/poolguard/boot/";
    private static final String SUFFIX = ".classdata";
    /** A class that exists only once the runtime is defined. */
    static final String PROBE = "dev.poolguard.bootstrap.PoolguardHooks";

    private BootstrapInjector() {
    }

    /** Defines the runtime unless it already is (a second {@code -javaagent} of the same jar). */
    public static void inject(Instrumentation instrumentation) throws Exception {
        if (isDefined()) {
            return;
        }
        Map<String, byte[]> classes = readClasses(agentJar());
        if (classes.isEmpty()) {
            throw new IllegalStateException("the agent jar holds no bootstrap runtime under " + ENTRY_PREFIX);
        }
        Module javaBase = Object.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(),
                Map.of("jdk.internal.misc", Set.of(BootstrapInjector.class.getModule())),
                Map.of(), Set.of(), Map.of());
        Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
        Method define = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        Map<String, Boolean> done = new LinkedHashMap<>();
        for (String name : classes.keySet()) {
            defineWithSupertypes(name, classes, done, unsafe, define);
        }
    }

    public static boolean isDefined() {
        try {
            Class.forName(PROBE, false, null);
            return true;
        } catch (ClassNotFoundException absent) {
            return false;
        }
    }

    /**
     * Defines one class; a supertype that is not defined yet shows up as a NoClassDefFoundError naming
     * it, and is defined first.
     */
    private static void defineWithSupertypes(String name, Map<String, byte[]> classes, Map<String, Boolean> done,
                                             Object unsafe, Method define) throws Exception {
        if (done.containsKey(name)) {
            return;
        }
        byte[] bytes = classes.get(name);
        for (int attempt = 0; attempt <= classes.size(); attempt++) {
            try {
                define.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
                done.put(name, true);
                return;
            } catch (InvocationTargetException failure) {
                Throwable cause = failure.getCause();
                if (!(cause instanceof NoClassDefFoundError) || cause.getMessage() == null) {
                    throw failure;
                }
                String missing = cause.getMessage().replace('/', '.');
                if (!classes.containsKey(missing) || done.containsKey(missing)) {
                    throw failure;
                }
                defineWithSupertypes(missing, classes, done, unsafe, define);
            }
        }
        throw new IllegalStateException("could not define " + name);
    }

    private static Path agentJar() throws URISyntaxException {
        return Path.of(BootstrapInjector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Map<String, byte[]> readClasses(Path jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String path = entry.getName();
                if (path.startsWith(ENTRY_PREFIX) && path.endsWith(SUFFIX)) {
                    String name = path.substring(ENTRY_PREFIX.length(), path.length() - SUFFIX.length())
                            .replace('/', '.');
                    try (InputStream in = file.getInputStream(entry)) {
                        classes.put(name, in.readAllBytes());
                    }
                }
            }
        }
        return classes;
    }
}
