package dev.poolguard.it;

import java.nio.file.Path;

/**
 * One JDK installation that child JVMs run on.
 *
 * @param home    the JDK home (has {@code bin/java} and a {@code release} file)
 * @param feature the feature version (17, 25, ...)
 * @param version the full version from the {@code release} file, e.g. {@code 17.0.15}
 */
public record Jdk(Path home, int feature, String version) {

    /** The {@code java} launcher of this JDK. */
    public Path java() {
        return home.resolve("bin").resolve("java");
    }

    /** Shown as the display name of parameterized tests. */
    @Override
    public String toString() {
        return "JDK " + feature + " (" + version + ")";
    }
}
