package dev.poolguard.bench.compare;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop HTTP/1.1 load generator for the Tomcat benchmark: {@code connections} keep-alive
 * connections to 127.0.0.1, each sending its next request as soon as the previous answer is read. Plain
 * sockets rather than an HTTP client library, so the generator itself costs little CPU on a 2-core machine
 * that the server shares, and the same in the plain and the agent run.
 *
 * <p>Bounded in time (warm-up plus measured seconds), in count ({@link #MAX_REQUESTS_PER_CONNECTION}),
 * and per answer ({@link #READ_TIMEOUT_MILLIS}); loopback only. The measured window is cut in one-second
 * slices, each with its request count, its latencies' p99, and the CPUs other processes used meanwhile
 * (neither the generator nor the server), so that slices disturbed by other work can be left out, as JMH
 * iterations are.
 */
final class LoadGenerator {
    static final int MAX_REQUESTS_PER_CONNECTION = 5_000_000;
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final byte[] REQUEST_TEMPLATE = "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    /** One measured second: requests completed in it, their p99 latency, other processes' CPUs. */
    record Slice(long requests, double p99Millis, double othersCpus) { }

    /** The measured slices, and requests that failed (any failure ends its connection). */
    record Result(List<Slice> slices, long errors, String firstError) { }

    private LoadGenerator() {
    }

    static Result run(int port, String path, int connections, int warmupSeconds, int measureSeconds,
                      long serverPid) throws InterruptedException {
        byte[] request = new String(REQUEST_TEMPLATE, StandardCharsets.US_ASCII).replace("%s", path)
                .getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        long measureStart = start + warmupSeconds * 1_000_000_000L;
        long end = measureStart + measureSeconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Connection> all = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Connection connection = new Connection(port, request, measureStart, end, measureSeconds, errors, firstError);
            connection.thread.start();
            all.add(connection);
        }
        double[] others = new double[measureSeconds];
        sleepUntil(measureStart);
        for (int s = 0; s < measureSeconds; s++) {
            long system = Interference.systemBusyTicks();
            long self = Interference.selfTicks();
            long server = Interference.processTicks(serverPid);
            long sliceStart = System.nanoTime();
            sleepUntil(measureStart + (s + 1) * 1_000_000_000L);
            double seconds = (System.nanoTime() - sliceStart) / 1e9;
            long busy = Interference.systemBusyTicks() - system
                    - (Interference.selfTicks() - self)
                    - (Interference.processTicks(serverPid) - server);
            others[s] = system < 0 || self < 0 || server < 0 ? 0 : Math.max(0, busy / Interference.TICKS_PER_SECOND / seconds);
        }
        for (Connection connection : all) {
            connection.thread.join(READ_TIMEOUT_MILLIS + 5_000L);
        }
        List<Slice> slices = new ArrayList<>();
        for (int s = 0; s < measureSeconds; s++) {
            int count = 0;
            for (Connection connection : all) {
                count += connection.counts[s];
            }
            long[] latencies = new long[count];
            int n = 0;
            for (Connection connection : all) {
                System.arraycopy(connection.latencies[s], 0, latencies, n, connection.counts[s]);
                n += connection.counts[s];
            }
            Arrays.sort(latencies);
            double p99 = count == 0 ? Double.NaN : latencies[Math.min(count - 1, (int) Math.ceil(count * 0.99) - 1)] / 1e6;
            slices.add(new Slice(count, p99, others[s]));
        }
        return new Result(slices, errors.get(), firstError.get());
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000), 0);
        }
    }

    /** One keep-alive connection and its thread; latencies kept per measured second. */
    private static final class Connection {
        final Thread thread;
        final long[][] latencies;
        final int[] counts;

        Connection(int port, byte[] request, long measureStart, long end, int seconds, AtomicLong errors,
                   AtomicReference<String> firstError) {
            latencies = new long[seconds][1024];
            counts = new int[seconds];
            thread = new Thread(() -> loop(port, request, measureStart, end, errors, firstError), "load");
            thread.setDaemon(true);
        }

        private void loop(int port, byte[] request, long measureStart, long end, AtomicLong errors,
                          AtomicReference<String> firstError) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                for (int i = 0; i < MAX_REQUESTS_PER_CONNECTION; i++) {
                    long sent = System.nanoTime();
                    if (sent >= end) {
                        return;
                    }
                    out.write(request);
                    out.flush();
                    readResponse(in);
                    long done = System.nanoTime();
                    if (done >= measureStart && done < end) {
                        record((int) ((done - measureStart) / 1_000_000_000L), done - sent);
                    }
                }
            } catch (IOException | RuntimeException e) {
                errors.incrementAndGet();
                firstError.compareAndSet(null, e.toString());
            }
        }

        private void record(int slice, long nanos) {
            if (counts[slice] == latencies[slice].length) {
                latencies[slice] = Arrays.copyOf(latencies[slice], counts[slice] * 2);
            }
            latencies[slice][counts[slice]++] = nanos;
        }
    }

    /** Reads one answer: status line and headers up to the blank line, then Content-Length bytes. */
    static void readResponse(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int contentLength = -1;
        boolean statusLine = true;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b != '\n') {
                if (b != '\r') {
                    line.append((char) b);
                }
                continue;
            }
            if (line.length() == 0) {
                break; // end of headers
            }
            String header = line.toString();
            if (statusLine && !header.startsWith("HTTP/1.1 200")) {
                throw new IOException("answer: " + header);
            }
            statusLine = false;
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                contentLength = Integer.parseInt(header.substring(15).trim());
            }
            line.setLength(0);
        }
        if (contentLength < 0) {
            throw new IOException("no Content-Length");
        }
        for (int i = 0; i < contentLength; i++) {
            if (in.read() < 0) {
                throw new IOException("body cut short");
            }
        }
    }
}
