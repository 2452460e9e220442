package dev.poolguard.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One output stream of a child JVM, drained line by line on a daemon thread of its own (so a child never
 * blocks on a full pipe), and the lines so far, which a test can wait for: handshakes, never sleeps.
 */
public final class ChildOutput {
    private final List<String> lines = new ArrayList<>();
    private boolean closed;
    private final Thread pump;

    private ChildOutput(InputStream in, String threadName) {
        pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    add(line);
                }
            } catch (IOException e) {
                add("<<harness: reading " + threadName + " failed: " + e + ">>");
            } finally {
                close();
            }
        }, threadName);
        pump.setDaemon(true);
    }

    /** Starts draining {@code in}. */
    public static ChildOutput drain(InputStream in, String threadName) {
        ChildOutput output = new ChildOutput(in, threadName);
        output.pump.start();
        return output;
    }

    /** Waits for the stream to end (the child exited), at most {@code millis}. */
    public void awaitEnd(long millis) throws InterruptedException {
        pump.join(millis);
    }

    public synchronized List<String> snapshot() {
        return List.copyOf(lines);
    }

    /** The first line that {@code wanted} accepts, waiting until {@code deadlineNanos}; null if none came. */
    public synchronized String await(Predicate<String> wanted, long deadlineNanos) {
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                if (wanted.test(lines.get(checked))) {
                    return lines.get(checked);
                }
            }
            if (closed) {
                return null;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private synchronized void add(String line) {
        lines.add(line);
        notifyAll();
    }

    private synchronized void close() {
        closed = true;
        notifyAll();
    }
}
