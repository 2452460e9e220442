package dev.poolguard.it.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the reliability tests find their inputs: the agent jar under test, the test classes, and the
 * third-party jars that integration-tests/pom.xml copies into {@code target/it-libs/<set>/}.
 */
final class Libs {
    private Libs() {}

    static Path agentJar() {
        Path jar = Path.of(required("poolguard.agentJar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("agent jar " + jar + " does not exist: build it first");
        }
        return jar.toAbsolutePath();
    }

    static Path testClasses() {
        return Path.of(required("poolguard.testClasses")).toAbsolutePath();
    }

    /** {@code target/}. */
    static Path target() {
        return testClasses().getParent();
    }

    static Path itWork() {
        return target().resolve("it-work");
    }

    /** Every jar of one set ({@code old}, {@code new}, {@code tomcat}), sorted by name. */
    static List<Path> set(String name) {
        Path dir = target().resolve("it-libs").resolve(name);
        List<Path> jars;
        try (Stream<Path> list = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            jars = list.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("no jars in " + dir + ": integration-tests/pom.xml copies them there"
                    + " (maven-dependency-plugin, phase pre-integration-test); run through mvn verify");
        }
        return jars;
    }

    /** The one jar of a set whose file name starts with {@code prefix}. */
    static Path jar(String set, String prefix) {
        List<Path> found = set(set).stream().filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one " + prefix + "*.jar in it-libs/" + set + ", found " + found);
        }
        return found.get(0);
    }

    static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (run through mvn verify)");
        }
        return value;
    }
}
