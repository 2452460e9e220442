package dev.poolguard.it.reliability;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Child program of {@link SecurityIT}: an application that opens no socket and writes no file itself,
 * and gives every poolguard feature work. It classifies the sockets among its own file descriptors
 * ({@code /proc/self/fd}) at each stage ("SOCKETS stage inet=.. unix-listening=.. other=.."): at start, after a deadlock (deadlock=fail
 * makes the wait throw; without the agent a timeout ends it) and a risk, in its shutdown hook, and from a
 * task that poolguard's drain waits for. Prints "READY" and blocks until SIGTERM.
 */
public final class QuietApp {
    public static void main(String[] args) throws Exception {
        sockets("start");
        ExecutorService one = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Say.threads("quiet-one", true));
        Future<String> outer = one.submit(() -> one.submit(() -> "never").get());
        try {
            outer.get(2, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Say.line("DEADLOCK CAUGHT " + e.getCause().getClass().getName());
        } catch (TimeoutException e) {
            Say.line("DEADLOCK NOT DETECTED");
        }
        ExecutorService two = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Say.threads("quiet-two", false));
        CountDownLatch innerRuns = new CountDownLatch(1);
        String inner = two.submit(() -> {
            Future<String> running = two.submit(() -> {
                innerRuns.countDown();
                Thread.sleep(200);
                return "inner";
            });
            innerRuns.await();
            return running.get();
        }).get(30, TimeUnit.SECONDS);
        Say.line("SAME POOL WAIT " + inner);
        sockets("after-findings");

        CountDownLatch hookRan = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sockets("hook");
            hookRan.countDown();
        }, "quiet-hook"));
        two.execute(() -> {
            try {
                hookRan.await();
                Thread.sleep(300); // still running when the hooks are done: the drain waits for it
            } catch (InterruptedException e) {
                Say.line("DRAIN TASK INTERRUPTED");
                return;
            }
            sockets("drain");
            Say.line("DRAIN TASK DONE");
        });
        Say.line("READY");
        Thread.sleep(Long.MAX_VALUE);
    }

    static void sockets(String stage) {
        Say.line("SOCKETS " + stage + " " + socketsOf("self"));
    }

    /**
     * The sockets among a process's descriptors ({@code /proc/PID/fd}), classified through the process's
     * network tables: "inet=N unix-listening=M other=K". inet counts TCP, UDP and raw sockets (ports);
     * unix-listening counts UNIX sockets that accept connections; other counts the rest (for example a
     * connected UNIX socket that the C library keeps to a name service). "unreadable" if fd cannot be read.
     */
    static String socketsOf(String pid) {
        File[] fds = new File("/proc/" + pid + "/fd").listFiles();
        if (fds == null) return "unreadable";
        Set<String> sockets = new HashSet<>();
        for (File fd : fds) {
            try {
                String target = Files.readSymbolicLink(fd.toPath()).toString();
                if (target.startsWith("socket:[")) sockets.add(target.substring(8, target.length() - 1));
            } catch (Exception e) {
                // a descriptor closed meanwhile
            }
        }
        Set<String> inet = new HashSet<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6", "raw", "raw6")) {
            for (String[] row : rows(pid, table)) {
                if (row.length > 9) inet.add(row[9]);
            }
        }
        Set<String> listening = new HashSet<>();
        for (String[] row : rows(pid, "unix")) {
            // Num RefCount Protocol Flags Type St Inode [Path]; Flags 00010000 = accepts connections
            if (row.length > 6 && (Integer.parseInt(row[3], 16) & 0x10000) != 0) listening.add(row[6]);
        }
        int inetCount = 0;
        int listeningCount = 0;
        for (String inode : sockets) {
            if (inet.contains(inode)) inetCount++;
            else if (listening.contains(inode)) listeningCount++;
        }
        return "inet=" + inetCount + " unix-listening=" + listeningCount + " other="
                + (sockets.size() - inetCount - listeningCount);
    }

    private static List<String[]> rows(String pid, String table) {
        List<String[]> rows = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/net/" + table));
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                rows.add(line.trim().split("\\s+"));
            }
        } catch (Exception e) {
            // no such table (no IPv6, say): no socket of that kind
        }
        return rows;
    }
}
