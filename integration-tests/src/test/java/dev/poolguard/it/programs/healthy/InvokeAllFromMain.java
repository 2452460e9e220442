package dev.poolguard.it.programs.healthy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.poolguard.it.programs.Out;
import dev.poolguard.it.programs.Work;

/** Healthy: main calls invokeAll with ten slowish tasks on a pool of two (main is no pool worker). */
public final class InvokeAllFromMain {
    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "invokeall-main"));
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            tasks.add(() -> {
                Work.doFor(20, "task");
                return n;
            });
        }
        int sum = 0;
        for (Future<Integer> f : pool.invokeAll(tasks)) {
            sum += f.get();
        }
        Out.line("SUM " + sum);
        pool.shutdown();
        Out.line("DONE");
    }
}
