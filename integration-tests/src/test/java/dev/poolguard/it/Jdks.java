package dev.poolguard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/**
 * The JDK homes every scenario runs on.
 *
 * <p>From the system property {@code poolguard.jdks} (comma-separated homes) when it is non-empty: each
 * listed home must exist and have a readable {@code release} file, and all of them are used. Otherwise
 * discovered under {@code /usr/lib/jvm/*} by reading each home's {@code release} file: one home per
 * required feature version (17 and 25). A missing JDK fails every test loudly, naming what was searched;
 * it never skips, because CI must cover both versions.
 */
public final class Jdks {
    /** The feature versions discovery must find. */
    public static final List<Integer> REQUIRED = List.of(17, 25);
    static final Path SEARCH_ROOT = Path.of("/usr/lib/jvm");
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"([^\"]+)\"", Pattern.MULTILINE);

    private static List<Jdk> cached;

    private Jdks() {}

    /** Every JDK to test on; the {@code @MethodSource} of the parameterized tests. */
    public static synchronized Stream<Jdk> all() {
        if (cached == null) {
            cached = List.copyOf(find());
        }
        return cached.stream();
    }

    /** Every JDK crossed with every value: {@code Arguments.of(jdk, value)}. */
    public static Stream<Arguments> crossedWith(List<?> values) {
        return all().flatMap(jdk -> values.stream().map(v -> Arguments.of(jdk, v)));
    }

    private static List<Jdk> find() {
        String configured = System.getProperty("poolguard.jdks", "").trim();
        if (!configured.isEmpty()) {
            List<Jdk> jdks = new ArrayList<>();
            for (String home : configured.split(",")) {
                if (home.isBlank()) continue;
                Path path = Path.of(home.trim());
                Jdk jdk = read(path);
                if (jdk == null) {
                    throw new IllegalStateException("poolguard.jdks lists " + path
                            + ", which is not a JDK home (no bin/java or no JAVA_VERSION in its release file)");
                }
                jdks.add(jdk);
            }
            if (jdks.isEmpty()) {
                throw new IllegalStateException("poolguard.jdks='" + configured + "' names no JDK home");
            }
            return jdks;
        }
        return discover();
    }

    private static List<Jdk> discover() {
        List<String> seen = new ArrayList<>();
        Map<Integer, Jdk> byFeature = new TreeMap<>();
        Set<Path> realHomes = new LinkedHashSet<>();
        List<Path> candidates;
        try (Stream<Path> list = Files.exists(SEARCH_ROOT) ? Files.list(SEARCH_ROOT) : Stream.empty()) {
            candidates = list.sorted(Comparator.comparing(Path::toString)).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + SEARCH_ROOT, e);
        }
        for (Path home : candidates) {
            Jdk jdk = read(home);
            if (jdk == null) {
                seen.add(home + " (not a JDK home)");
                continue;
            }
            seen.add(home + " (" + jdk.version() + ")");
            Path real;
            try {
                real = home.toRealPath();
            } catch (IOException e) {
                real = home;
            }
            if (!realHomes.add(real)) continue; // a symlink to a home already seen
            byFeature.putIfAbsent(jdk.feature(), jdk);
        }
        List<Jdk> result = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        for (int feature : REQUIRED) {
            Jdk jdk = byFeature.get(feature);
            if (jdk == null) missing.add(feature); else result.add(jdk);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("integration tests need JDK " + REQUIRED + " but found no JDK "
                    + missing + " under " + SEARCH_ROOT + "/* (read JAVA_VERSION from each home's release file); "
                    + "searched: " + (seen.isEmpty() ? "nothing there" : String.join(", ", seen))
                    + ". Install it or pass -Dpoolguard.jdks=HOME17,HOME25.");
        }
        return result;
    }

    /** The JDK at {@code home}, or null when it is not a JDK home with a readable release file. */
    static Jdk read(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
            return null;
        }
        String text;
        try {
            text = Files.readString(release);
        } catch (IOException e) {
            return null;
        }
        Matcher m = JAVA_VERSION.matcher(text);
        if (!m.find()) return null;
        String version = m.group(1);
        String first = version.split("[.+\\-]", 2)[0];
        int feature;
        try {
            feature = Integer.parseInt(first.startsWith("1") && version.startsWith("1.") ? version.split("\\.")[1] : first);
        } catch (NumberFormatException e) {
            return null;
        }
        return new Jdk(home, feature, version);
    }
}
