package dev.poolguard.it.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.poolguard.it.programs.NamedThreads;
import dev.poolguard.it.programs.Out;
import dev.poolguard.it.programs.Work;

/**
 * Child of {@link ShutdownStopsIT}: pools stopped in one of three states, for comparing {@code shutdown-end}
 * with what really ran. Pools whose workers retire after 1 ms idle (a cached pool, a fixed pool with core
 * timeout) keep workers leaving at any moment, the race behind the false "left undone" of issue 14; a
 * plain fixed pool keeps idle workers parked, and one of 32 threads has them all parked at the stop. Every task prints "start ID" and "done ID" and describes
 * itself as "T[ID]"; every accepted submission prints "accepted ID".
 * <ul>
 * <li>{@code idle}: bursts of tiny tasks, all done before the stop (workers retiring meanwhile);</li>
 * <li>{@code busy}: tasks of 50-200 ms running at the stop;</li>
 * <li>{@code draining}: 30 queued 3 ms tasks behind them at the stop.</li>
 * </ul>
 * With STUCK=1 one more task, "T[stuck]", never ends. With HOOK=1 an application hook shuts every pool
 * down (as a server's stop does), so pools terminate while their last workers are still leaving.
 * STOP=exit: main calls System.exit(0); STOP=signal: main prints "READY" and waits for SIGTERM.
 *
 * <p>args: SEED idle|busy|draining exit|signal STUCK HOOK
 */
public final class StopsChild {
    record Task(String id, long millis, CountDownLatch started) implements Runnable {
        @Override
        public void run() {
            Out.line("start " + id);
            if (started != null) {
                started.countDown();
            }
            if (millis < 0) {
                Work.forever();
            }
            Work.doFor(millis, id);
            Out.line("done " + id);
        }

        @Override
        public String toString() {
            return "T[" + id + "]";
        }
    }

    public static void main(String[] args) throws Exception {
        Random random = new Random(Long.parseLong(args[0]));
        String state = args[1];
        boolean signal = args[2].equals("signal");
        boolean stuck = args[3].equals("1");
        boolean hook = args[4].equals("1");
        ThreadPoolExecutor cached = new ThreadPoolExecutor(0, 64, 1, TimeUnit.MILLISECONDS, new SynchronousQueue<>(),
                new NamedThreads("cached", false));
        ThreadPoolExecutor retiring = new ThreadPoolExecutor(3, 3, 1, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new NamedThreads("retiring", false));
        retiring.allowCoreThreadTimeOut(true);
        ThreadPoolExecutor parked = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new NamedThreads("parked", false));
        ThreadPoolExecutor lone = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new NamedThreads("lone", false));
        // many parked workers: a hook's shutdown wakes them all at once, and the pool terminates as soon as
        // the last one is counted out, while others are still on their way out of the run loop
        ThreadPoolExecutor many = new ThreadPoolExecutor(32, 32, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new NamedThreads("many", false));
        many.prestartAllCoreThreads();
        List<ThreadPoolExecutor> pools = List.of(cached, retiring, parked, lone, many);
        if (hook) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> pools.forEach(ExecutorService::shutdown), "stop-pools"));
        }
        int n = 0;
        for (int burst = 0; burst < 5; burst++) { // warm-up: every pool has had workers, most retire
            List<CountDownLatch> done = new ArrayList<>();
            for (ThreadPoolExecutor pool : pools) {
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    submit(pool, new Task("w" + n++, 0, null));
                }
            }
            Thread.sleep(random.nextInt(5));
        }
        while (pools.stream().anyMatch(p -> p.getActiveCount() > 0 || !p.getQueue().isEmpty())) {
            Thread.sleep(1);
        }
        CountDownLatch running = new CountDownLatch(0);
        if (state.equals("idle")) {
            for (ThreadPoolExecutor pool : pools) { // a last burst: workers retire around the stop
                submit(pool, new Task("i" + n++, 0, null));
            }
        } else {
            List<ThreadPoolExecutor> busy = List.of(cached, retiring, parked);
            running = new CountDownLatch(busy.size());
            for (ThreadPoolExecutor pool : busy) {
                submit(pool, new Task("b" + n++, 50 + random.nextInt(150), running));
            }
            if (state.equals("draining")) {
                for (int i = 0; i < 30; i++) {
                    submit(i % 2 == 0 ? retiring : parked, new Task("q" + n++, 3, null));
                }
            }
        }
        if (stuck) {
            CountDownLatch stuckStarted = new CountDownLatch(1);
            submit(lone, new Task("stuck", -1, stuckStarted));
            stuckStarted.await();
        }
        running.await();
        Thread.sleep(random.nextInt(3));
        if (signal) {
            Out.line("READY");
            Thread.sleep(60_000);
        }
        Out.line("main exits 0");
        System.exit(0);
    }

    private static void submit(ThreadPoolExecutor pool, Task task) {
        try {
            pool.execute(task);
            Out.line("accepted " + task.id());
        } catch (RejectedExecutionException e) {
            Out.line("rejected " + task.id());
        }
    }
}
