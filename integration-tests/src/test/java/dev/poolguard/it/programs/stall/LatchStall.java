package dev.poolguard.it.programs.stall;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.poolguard.it.programs.Out;

/**
 * The stall of issue 13 that no analysis can prove: the tasks of a two-thread pool wait on a
 * {@code CountDownLatch} used as a barrier for three parties, and the third party is queued behind
 * them. Without the agent it hangs forever; here it ends once it has seen what it waits for:
 *
 * <ul>
 * <li>{@code until-stall REPORT}: until its own report (REPORT, {@code %p} for its pid) holds a
 *     {@code stall} event (30 s at most), then it counts the latch down itself;</li>
 * <li>{@code hold MILLIS}: holds the shape that long, then counts down (for {@code stall=off}, where
 *     nothing can report it: the test checks that no watcher thread exists).</li>
 * </ul>
 * A third argument {@code fj} uses a {@code ForkJoinPool(2)} instead of a {@code ThreadPoolExecutor}. The
 * stall watcher starts with the first {@code ThreadPoolExecutor} worker (poolguard sees no ForkJoinPool
 * being made), so the fork/join variant first runs one task on a pool of that kind, as an application
 * with any executor besides its ForkJoinPool does.
 * Prints {@code SHAPE queued=N} once both workers wait and the third party is queued, {@code WATCHER
 * PRESENT|ABSENT} (whether poolguard's stall watcher thread runs), {@code STALL SEEN} or
 * {@code NO STALL SEEN}, then {@code DONE} after every party ran.
 */
public final class LatchStall {
    private LatchStall() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        boolean forkJoin = args.length > 2 && args[2].equals("fj");
        AtomicInteger threads = new AtomicInteger();
        if (forkJoin) {
            ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "other-1"));
            other.submit(() -> { }).get();
            other.shutdown();
        }
        ExecutorService pool = forkJoin ? new ForkJoinPool(2)
                : new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                        r -> new Thread(r, "latch-" + threads.incrementAndGet()));
        CountDownLatch parties = new CountDownLatch(3);
        CountDownLatch allRan = new CountDownLatch(3);
        for (int i = 1; i <= 3; i++) {
            pool.execute(new Party(i, parties, allRan));
        }
        while (parties.getCount() > 1) { // both running parties arrived: the third is queued behind them
            Thread.sleep(1);
        }
        Out.line("SHAPE queued=" + (forkJoin ? ((ForkJoinPool) pool).getQueuedSubmissionCount()
                : ((ThreadPoolExecutor) pool).getQueue().size()));
        Out.line("WATCHER " + (watcherRuns() ? "PRESENT" : "ABSENT"));
        if (mode.equals("until-stall")) {
            Path report = Path.of(args[1].replace("%p", Long.toString(ProcessHandle.current().pid())));
            Out.line(awaitStall(report) ? "STALL SEEN" : "NO STALL SEEN");
        } else {
            Thread.sleep(Long.parseLong(args[1])); // nothing to wait for: the time a watch would have had
            Out.line("HELD");
        }
        parties.countDown(); // the third party's part, done by main: the two waiting parties go on
        if (!allRan.await(30, TimeUnit.SECONDS)) {
            Out.line("PARTIES STUCK");
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        Out.line("DONE");
    }

    /** The report file holds a stall event: polled (the report is written as events happen), 30 s at most. */
    private static boolean awaitStall(Path report) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(report) && Files.readString(report).contains("\"event\":\"stall\"")) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    static boolean watcherRuns() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("poolguard-stall-watch"));
    }

    /** One party: arrives, waits for the others. Named, so the stall's {@code task} says which. */
    private record Party(int n, CountDownLatch parties, CountDownLatch allRan) implements Runnable {
        @Override
        public void run() {
            parties.countDown();
            try {
                parties.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            allRan.countDown();
        }

        @Override
        public String toString() {
            return "Party[" + n + "]";
        }
    }
}
