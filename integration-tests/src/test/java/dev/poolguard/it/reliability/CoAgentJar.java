package dev.poolguard.it.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds the jar of {@link CoAgent} from the test classes: its classes, a manifest with
 * {@code Premain-Class} and {@code Can-Retransform-Classes}, and a {@code Class-Path} naming a copy of
 * the (unrelocated) ByteBuddy jar placed beside it.
 */
final class CoAgentJar {
    private static Path jar;

    private CoAgentJar() {}

    static synchronized Path get() {
        if (jar != null) return jar;
        try {
            Path dir = Libs.itWork().resolve("rel-coagent-" + ProcessHandle.current().pid());
            Files.createDirectories(dir);
            Path byteBuddy = Libs.jar("new", "byte-buddy-");
            Files.copy(byteBuddy, dir.resolve("byte-buddy.jar"), StandardCopyOption.REPLACE_EXISTING);
            Manifest manifest = new Manifest();
            Attributes main = manifest.getMainAttributes();
            main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            main.put(new Attributes.Name("Premain-Class"), CoAgent.class.getName());
            main.put(new Attributes.Name("Can-Retransform-Classes"), "true");
            main.put(Attributes.Name.CLASS_PATH, "byte-buddy.jar");
            Path out = dir.resolve("coagent.jar");
            Path classes = Libs.testClasses();
            String packagePath = CoAgent.class.getPackageName().replace('.', '/');
            List<Path> files;
            try (Stream<Path> list = Files.list(classes.resolve(packagePath))) {
                files = list.filter(p -> p.getFileName().toString().startsWith("CoAgent")
                        && !p.getFileName().toString().startsWith("CoAgentJar")).sorted().toList();
            }
            try (OutputStream file = Files.newOutputStream(out); JarOutputStream jarOut = new JarOutputStream(file, manifest)) {
                for (Path f : files) {
                    jarOut.putNextEntry(new JarEntry(packagePath + "/" + f.getFileName()));
                    jarOut.write(Files.readAllBytes(f));
                    jarOut.closeEntry();
                }
            }
            jar = out;
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
