package dev.poolguard.bootstrap;

import dev.poolguard.bootstrap.pools.PoolRegistry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.Remapper;
import org.junit.jupiter.api.Test;

/**
 * The rule that makes the runtime safe on the bootstrap class path, enforced by the build: every class
 * under {@code dev.poolguard.bootstrap} (and the public exception in {@code dev.poolguard}) refers to
 * nothing but {@code java.*} classes and the runtime itself. Rewritten JDK methods call the runtime from
 * inside {@code java.base}, where only the boot loader's classes are visible: a reference to ByteBuddy,
 * SLF4J or the agent's own classes would be a {@code NoClassDefFoundError} inside a JDK method.
 *
 * <p>Reads the compiled classes (every constant, signature, annotation and instruction), so a reference
 * the compiler accepted because the agent's class path had it still fails here.
 */
class RuntimeUsesJdkOnlyTest {
    private static final String RUNTIME = "dev/poolguard/bootstrap/";
    private static final Set<String> ALSO_ALLOWED = Set.of("dev/poolguard/DeadlockDetectedException");

    @Test
    void everyRuntimeClassRefersOnlyToTheJdkAndTheRuntime() throws IOException, URISyntaxException {
        Path classes = Path.of(PoolRegistry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path runtime = classes.resolve(RUNTIME);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(runtime)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertTrue(files.size() > 20, "expected the runtime's classes under " + runtime + ", found " + files.size());
        Set<String> offences = new TreeSet<>();
        for (Path file : files) {
            for (String used : referencedTypes(file)) {
                if (!allowed(used)) {
                    offences.add(classes.relativize(file) + " -> " + used.replace('/', '.'));
                }
            }
        }
        assertEquals(List.of(), new ArrayList<>(offences),
                "the runtime on the bootstrap class path may use only java.* and itself");
    }

    /** The rule itself, proven to catch what it is for. */
    @Test
    void theRuleRejectsWhatTheBootLoaderCannotSee() {
        assertTrue(allowed("java/util/concurrent/FutureTask"));
        assertTrue(allowed("java/lang/management/ThreadMXBean"));
        assertTrue(allowed("dev/poolguard/bootstrap/detect/Verdict"));
        assertTrue(!allowed("org/slf4j/Logger"));
        assertTrue(!allowed("net/bytebuddy/asm/Advice"));
        assertTrue(!allowed("dev/poolguard/agent/report/ReportingSink"));
        assertTrue(!allowed("jdk/internal/misc/Unsafe"));
        assertTrue(!allowed("sun/misc/Unsafe"));
    }

    static boolean allowed(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith(RUNTIME)
                || ALSO_ALLOWED.contains(internalName);
    }

    /** Every type a class file names anywhere, as internal names. */
    private static Set<String> referencedTypes(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        Remapper collector = new Remapper() {
            @Override
            public String map(String internalName) {
                names.add(internalName);
                return internalName;
            }
        };
        try (InputStream in = Files.newInputStream(file)) {
            // a writer underneath, so the remapper visits method bodies too (an empty visitor would skip them)
            new ClassReader(in).accept(new ClassRemapper(new ClassWriter(0), collector), 0);
        }
        names.removeIf(n -> n.startsWith("[")); // array descriptors: their element types are mapped too
        return names;
    }
}
