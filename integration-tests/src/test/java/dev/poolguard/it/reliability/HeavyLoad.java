package dev.poolguard.it.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Child program of {@link HeavyLoadIT}: heavy concurrent use of everything poolguard hooks, with no
 * deadlock and no same-pool wait anywhere, so any deadlock or risk it reports is false, and any hang is
 * poolguard's own.
 *
 * <p>Twelve client threads loop: submit to pool A a task that fans out two tasks to pool B and waits for
 * both (FutureTask waits across pools), chains CompletableFutures on a cached pool C and joins them,
 * waits with and without timeouts, and now and then creates, uses and shuts down a short-lived pool of its
 * own (pool registration and worker exits under load). A watchdog asks the JVM for monitor and
 * ownable-synchronizer deadlocks (which would be poolguard's: the application has none) every 100 ms.
 * After args[0] ms, main prints the counts and calls System.exit(0) with the clients still running: the
 * shutdown (spawn refusals, the drain) runs under load too.
 */
public final class HeavyLoad {
    static final AtomicLong OPS = new AtomicLong();
    static final AtomicLong REFUSED = new AtomicLong();
    static final AtomicLong ERRORS = new AtomicLong();

    public static void main(String[] args) throws Exception {
        long millis = Long.parseLong(args[0]);
        ThreadPoolExecutor a = new ThreadPoolExecutor(6, 6, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Say.threads("load-a", true));
        ThreadPoolExecutor b = new ThreadPoolExecutor(6, 6, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Say.threads("load-b", true));
        ExecutorService c = Executors.newCachedThreadPool(Say.threads("load-c", true));
        Thread watchdog = new Thread(HeavyLoad::watch, "load-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Thread client = new Thread(() -> client(a, b, c), "load-client-" + i);
            client.setDaemon(true);
            clients.add(client);
            client.start();
        }
        Say.line("LOAD RUNNING");
        Thread.sleep(millis);
        Say.line("LOAD OPS " + OPS.get() + " ERRORS " + ERRORS.get());
        Say.line("SUPPRESSED " + FaultApp.suppressed());
        Say.line("MAIN EXITS");
        System.exit(0);
    }

    private static void client(ThreadPoolExecutor a, ThreadPoolExecutor b, ExecutorService c) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            try {
                switch (random.nextInt(4)) {
                    case 0 -> {
                        Future<Integer> fanOut = a.submit(() -> {
                            Future<Integer> x = b.submit(() -> spin(random()));
                            Future<Integer> y = b.submit(() -> spin(random()));
                            return x.get() + y.get(5, TimeUnit.SECONDS);
                        });
                        fanOut.get();
                    }
                    case 1 -> CompletableFuture.supplyAsync(() -> spin(random()), c)
                            .thenApplyAsync(v -> v + spin(random()), c)
                            .thenCombine(CompletableFuture.supplyAsync(() -> spin(random()), c), Integer::sum)
                            .join();
                    case 2 -> {
                        Future<Integer> f = b.submit(() -> spin(random()));
                        CompletableFuture<Integer> g = CompletableFuture.supplyAsync(() -> {
                            try {
                                return f.get(5, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }, c);
                        g.get(5, TimeUnit.SECONDS);
                    }
                    default -> {
                        ThreadPoolExecutor own = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
                                new LinkedBlockingQueue<>(), Say.threads("load-own", true));
                        List<Future<Integer>> all = new ArrayList<>();
                        for (int i = 0; i < 4; i++) all.add(own.submit(() -> spin(random())));
                        for (Future<Integer> f : all) f.get();
                        own.shutdown();
                    }
                }
                OPS.incrementAndGet();
            } catch (RejectedExecutionException e) {
                REFUSED.incrementAndGet(); // the shutdown began: pools are refused workers or shut down
            } catch (Exception e) {
                if (hasCause(e, RejectedExecutionException.class)) {
                    REFUSED.incrementAndGet();
                } else {
                    ERRORS.incrementAndGet();
                    Say.line("CLIENT ERROR " + e);
                }
            }
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }

    private static int random() {
        return ThreadLocalRandom.current().nextInt(50, 400);
    }

    /** A little CPU work (microseconds), so tasks overlap without sleeping. */
    private static int spin(int rounds) {
        int x = rounds;
        for (int i = 0; i < rounds * 20; i++) {
            x = x * 31 + i;
        }
        return x & 1;
    }

    private static void watch() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        while (true) {
            long[] deadlocked = threads.findDeadlockedThreads();
            if (deadlocked != null) {
                StringBuilder sb = new StringBuilder("JVM DEADLOCK");
                for (ThreadInfo info : threads.getThreadInfo(deadlocked, true, true)) {
                    sb.append("\n").append(info);
                }
                Say.line(sb.toString());
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
