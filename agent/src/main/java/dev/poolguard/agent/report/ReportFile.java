package dev.poolguard.agent.report;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

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
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent); // report=target/poolguard/r-%p.jsonl just works
        }
        return new ReportFile(path, new FileOutputStream(path.toFile(), false));
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
