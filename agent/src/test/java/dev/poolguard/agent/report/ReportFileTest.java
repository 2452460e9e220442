package dev.poolguard.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.poolguard.agent.json.Json;
import dev.poolguard.agent.json.JsonWriter;

/**
 * The report file is never closed by the agent (the JVM halts with it open), so every test here reads
 * the file while its writer is still open: what a reader sees after {@code kill -9}.
 */
class ReportFileTest {
    @TempDir
    Path dir;

    @Test
    void createsTheFileAtOpen() throws IOException {
        Path path = dir.resolve("new.jsonl");
        ReportFile report = ReportFile.open(path);
        assertTrue(Files.exists(path));
        assertEquals(0, Files.size(path));
        assertEquals(path, report.path());
    }

    @Test
    void writesOneLinePerCallReadableWhileOpen() throws IOException {
        Path path = dir.resolve("r.jsonl");
        ReportFile report = ReportFile.open(path);
        assertTrue(report.writeLine("{\"event\":\"a\"}"));
        assertEquals(List.of("{\"event\":\"a\"}"), Files.readAllLines(path), "visible before a second write");
        assertTrue(report.writeLine("{\"event\":\"b\",\"n\":2}"));
        assertTrue(report.writeLine("{}"));
        assertEquals(List.of("{\"event\":\"a\"}", "{\"event\":\"b\",\"n\":2}", "{}"), Files.readAllLines(path));
        String raw = Files.readString(path);
        assertTrue(raw.endsWith("}\n"), "every line ends with a newline, the last one included");
    }

    @Test
    void truncatesAnExistingFile() throws IOException {
        Path path = dir.resolve("old.jsonl");
        Files.writeString(path, "{\"event\":\"stale\"}\n".repeat(100));
        ReportFile report = ReportFile.open(path);
        assertEquals(0, Files.size(path), "truncated at open, before any event");
        report.writeLine("{\"event\":\"fresh\"}");
        assertEquals(List.of("{\"event\":\"fresh\"}"), Files.readAllLines(path));
    }

    @Test
    void writesUtf8() throws IOException {
        Path path = dir.resolve("u.jsonl");
        ReportFile report = ReportFile.open(path);
        String line = JsonWriter.write(Map.of("thread", "caf\u00e9-\u4e2d-\ud83d\ude00"));
        report.writeLine(line);
        byte[] bytes = Files.readAllBytes(path);
        assertEquals(line + "\n", new String(bytes, StandardCharsets.UTF_8));
        assertEquals("caf\u00e9-\u4e2d-\ud83d\ude00",
                Json.parseObject(Files.readAllLines(path, StandardCharsets.UTF_8).get(0)).get("thread"));
    }

    @Test
    void concurrentWritersNeverInterleaveLines() throws Exception {
        Path path = dir.resolve("c.jsonl");
        ReportFile report = ReportFile.open(path);
        int threads = 8;
        int perThread = 250;
        String padding = "x".repeat(2000); // larger than any stream buffer chunk a torn write would show
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread writer = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    report.writeLine(JsonWriter.write(Map.of("w", (long) id, "i", (long) i, "pad", padding)));
                }
            });
            writers.add(writer);
            writer.start();
        }
        start.countDown();
        for (Thread writer : writers) {
            writer.join();
        }
        List<String> lines = Files.readAllLines(path);
        assertEquals(threads * perThread, lines.size());
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            Map<String, Object> event = Json.parseObject(line);
            assertTrue(seen.add(event.get("w") + "/" + event.get("i")), "duplicate line " + line);
        }
    }

    @Test
    void missingFoldersOnTheWayAreCreated() throws IOException {
        Path path = dir.resolve("target").resolve("poolguard").resolve("r.jsonl");
        ReportFile.open(path).writeLine("{}");
        assertEquals(List.of("{}"), Files.readAllLines(path));
    }

    @Test
    void aPathUnderARegularFileCannotBeOpened() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Path path = file.resolve("r.jsonl");
        assertThrows(IOException.class, () -> ReportFile.open(path));
        assertFalse(Files.exists(path));
    }

    @Test
    void aDirectoryCannotBeOpened() {
        assertThrows(IOException.class, () -> ReportFile.open(dir));
    }

    @Test
    void aReadOnlyFileCannotBeOpened() throws IOException {
        Path path = dir.resolve("ro.jsonl");
        Files.writeString(path, "keep\n");
        assumeTrue(path.toFile().setWritable(false), "cannot make a file read-only here");
        assumeTrue(!Files.isWritable(path), "running as a user who writes read-only files (root)");
        assertThrows(IOException.class, () -> ReportFile.open(path));
        assertEquals("keep\n", Files.readString(path), "a file that cannot be opened is not truncated");
    }

    /** A device that refuses every write: writeLine reports false, and keeps doing so, without throwing. */
    @Test
    void aWriteErrorIsReportedByTheReturnValue() throws IOException {
        Path full = Paths.get("/dev/full");
        assumeTrue(Files.isWritable(full), "no /dev/full on this system");
        ReportFile report = ReportFile.open(full);
        assertFalse(report.writeLine("{\"event\":\"x\"}"));
        assertFalse(report.writeLine("{\"event\":\"y\"}"));
    }
}
