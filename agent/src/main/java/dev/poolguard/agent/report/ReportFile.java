package dev.poolguard.agent.report;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Lines report. Each event is one {@code write} of one complete line, straight to the file
 * with no buffer in between, so the report is valid up to the last event even after {@code kill -9}.
 * A plain {@code FileOutputStream}, not a {@code FileChannel}: an interrupted thread (shutdown hooks
 * are often interrupted) would close a channel for good.
 */
public final class ReportFile {
    private final Path path;
    private final FileOutputStream out;
    private boolean broken;

    private ReportFile(Path path, FileOutputStream out) {
        this.path = path;
        this.out = out;
    }

    /** Creates or truncates the file (and missing parent folders); fails if it cannot be written. */
    public static ReportFile open(Path path) throws IOException {
        if (isNamedPipe(path)) {
            throw new IOException("it is a named pipe: opening it would block the JVM until something reads it");
        }
        List<Path> created = createMissingParents(path.toAbsolutePath().getParent());
        try {
            return new ReportFile(path, new FileOutputStream(path.toFile(), false));
        } catch (IOException | RuntimeException e) {
            for (Path dir : created) { // deepest first: a rejected path leaves nothing behind
                Files.deleteIfExists(dir);
            }
            throw e;
        }
    }

    /** Creates the missing folders above the report (report=target/poolguard/r-%p.jsonl just works). */
    private static List<Path> createMissingParents(Path parent) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path dir = parent; dir != null && !Files.exists(dir); dir = dir.getParent()) {
            missing.add(dir);
        }
        List<Path> created = new ArrayList<>();
        try {
            for (int i = missing.size() - 1; i >= 0; i--) {
                Files.createDirectory(missing.get(i));
                created.add(0, missing.get(i));
            }
        } catch (IOException | RuntimeException e) {
            for (Path dir : created) {
                Files.deleteIfExists(dir);
            }
            throw e;
        }
        return created;
    }

    private static boolean isNamedPipe(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode");
            return mode instanceof Integer && ((Integer) mode & 0170000) == 0010000; // S_IFIFO
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return false; // absent, or not a Unix file system: nothing to block on
        }
    }

    public Path path() {
        return path;
    }

    /** Appends one line; a write error is remembered and reported by the caller once. */
    public synchronized boolean writeLine(String json) {
        if (broken) {
            return false;
        }
        try {
            out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (IOException e) {
            broken = true;
            return false;
        }
    }
}
