package dev.poolguard.agent.install;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Defines poolguard's JDK-only runtime ({@code dev.poolguard.bootstrap} and the public exception) in
 * the boot class loader, where code rewritten inside {@code java.base} can call it.
 *
 * <p>Why not {@code Instrumentation.appendToBootstrapClassLoaderSearch}: on both JDKs it makes the
 * JVM print a class-data-sharing warning on stderr, which users' log scrapers see. Defining the
 * classes directly (through {@code jdk.internal.misc.Unsafe}, opened to this module with
 * {@code Instrumentation.redefineModule}) prints nothing. The classes ship in the agent jar under
 * {@value #ENTRY_PREFIX} with a {@code .classdata} suffix, where no class loader would find them, so
 * the agent's own loader can never load a second copy; their names are listed in {@value #INDEX}.
 *
 * <p>Only the first class of each package goes through {@code Unsafe.defineClass} (reflectively); the
 * rest are defined through a {@code Lookup} on that first class. Calling the reflective method for all
 * of them made JDK 17 generate a method accessor (some 15 classes) after its 15th call.
 */
public final class BootstrapInjector {
    static final String ENTRY_PREFIX = "META-INF/poolguard/boot/";
    private static final String SUFFIX = ".classdata";
    /** The runtime's entries, one name a line (written by the build): no walk over the whole jar. */
    static final String INDEX = ENTRY_PREFIX + "INDEX";
    /** A class that exists only once the runtime is defined. */
    static final String PROBE = "dev.poolguard.bootstrap.PoolguardHooks";

    private BootstrapInjector() {
    }

    /** Defines the runtime unless it already is (a second {@code -javaagent} of the same jar). */
    public static void inject(Instrumentation instrumentation) throws Throwable {
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
        Definer definer = new Definer(Class.forName("jdk.internal.misc.Unsafe"));
        Map<String, Boolean> done = new LinkedHashMap<>();
        for (String name : classes.keySet()) {
            defineWithSupertypes(name, classes, done, definer);
        }
    }

    /** Defines into the boot loader: the first class of a package by Unsafe, the others by its Lookup. */
    private static final class Definer {
        private final MethodHandle unsafeDefine;
        private final Map<String, MethodHandles.Lookup> byPackage = new HashMap<>();

        /**
         * {@code Unsafe.defineClass} as a method handle bound to the Unsafe, called with its exact type:
         * on JDK 18+ a reflective call of this 7-argument method would spin some 40 method-handle
         * classes to adapt it, on 17 it would generate an accessor after 15 calls.
         */
        Definer(Class<?> unsafeType) throws Throwable {
            MethodHandles.Lookup lookup = MethodHandles.lookup(); // jdk.internal.misc is exported to us now
            Object unsafe = lookup.findStatic(unsafeType, "getUnsafe", MethodType.methodType(unsafeType)).invoke();
            unsafeDefine = lookup.findVirtual(unsafeType, "defineClass", MethodType.methodType(Class.class,
                    String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class))
                    .bindTo(unsafe);
        }

        /** Throws NoClassDefFoundError naming a supertype that is not defined yet. */
        void define(String name, byte[] bytes) throws Throwable {
            String pkg = name.substring(0, Math.max(0, name.lastIndexOf('.')));
            MethodHandles.Lookup lookup = byPackage.get(pkg);
            if (lookup != null) {
                lookup.defineClass(bytes);
                return;
            }
            Class<?> defined = (Class<?>) unsafeDefine.invokeExact(name, bytes, 0, bytes.length,
                    (ClassLoader) null, (ProtectionDomain) null);
            // both sides are unnamed modules, which open every package: a full-power lookup
            byPackage.put(pkg, MethodHandles.privateLookupIn(defined, MethodHandles.lookup()));
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
                                             Definer definer) throws Throwable {
        if (done.containsKey(name)) {
            return;
        }
        byte[] bytes = classes.get(name);
        for (int attempt = 0; attempt <= classes.size(); attempt++) {
            try {
                definer.define(name, bytes);
                done.put(name, true);
                return;
            } catch (NoClassDefFoundError failure) {
                if (failure.getMessage() == null) {
                    throw failure;
                }
                String missing = failure.getMessage().replace('/', '.');
                if (!classes.containsKey(missing) || done.containsKey(missing)) {
                    throw failure;
                }
                defineWithSupertypes(missing, classes, done, definer);
            }
        }
        throw new IllegalStateException("could not define " + name);
    }

    private static Path agentJar() throws URISyntaxException {
        return Path.of(BootstrapInjector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Map<String, byte[]> readClasses(Path jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(jar.toFile())) {
            ZipEntry index = file.getEntry(INDEX);
            if (index == null) {
                return classes;
            }
            String names = new String(read(file, index), StandardCharsets.UTF_8);
            for (int start = 0, end; start < names.length(); start = end + 1) { // no regex: java.util.regex stays unloaded
                end = names.indexOf('\n', start);
                end = end < 0 ? names.length() : end;
                String path = names.substring(start, end).trim();
                if (path.isEmpty()) {
                    continue;
                }
                ZipEntry entry = file.getEntry(ENTRY_PREFIX + path);
                if (entry == null || !path.endsWith(SUFFIX)) {
                    throw new IOException("the agent jar has no class entry " + ENTRY_PREFIX + path);
                }
                String name = path.substring(0, path.length() - SUFFIX.length()).replace('/', '.');
                classes.put(name, read(file, entry));
            }
        }
        return classes;
    }

    /**
     * The entry's bytes in one array of its exact size: {@code readAllBytes} reads through 8-16 KB
     * chunks and copies, some 700 KB of garbage for the runtime's 140 KB.
     */
    private static byte[] read(ZipFile file, ZipEntry entry) throws IOException {
        long size = entry.getSize();
        try (InputStream in = file.getInputStream(entry)) {
            if (size < 0 || size > Integer.MAX_VALUE) {
                return in.readAllBytes();
            }
            byte[] bytes = new byte[(int) size];
            if (in.readNBytes(bytes, 0, bytes.length) != bytes.length || in.read() != -1) {
                throw new IOException("entry " + entry.getName() + " is not " + size + " bytes long");
            }
            return bytes;
        }
    }
}
