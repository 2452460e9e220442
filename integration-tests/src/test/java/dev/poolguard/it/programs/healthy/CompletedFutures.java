package dev.poolguard.it.programs.healthy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import dev.poolguard.it.programs.Out;
import dev.poolguard.it.programs.Work;

/**
 * Healthy, no risk: pool tasks call get/join on futures of their OWN pool that are already complete
 * (a FutureTask and a CompletableFuture from the same pool, polled until done first; a completed
 * CompletableFuture; a FutureTask run in place). A wait on a done future never blocks.
 */
public final class CompletedFutures {
    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "done-pool"));
        Future<String> outer = pool.submit(() -> {
            Future<String> inner = pool.submit(() -> "inner");
            CompletableFuture<String> stage = CompletableFuture.supplyAsync(() -> "stage", pool);
            while (!inner.isDone() || !stage.isDone()) {
                Work.doFor(5, "poll");
            }
            FutureTask<String> inPlace = new FutureTask<>(() -> "in place");
            inPlace.run();
            return inner.get() + "," + stage.join() + "," + stage.get() + ","
                    + CompletableFuture.completedFuture("completed").join() + "," + inPlace.get();
        });
        Out.line("VALUE " + outer.get(20, TimeUnit.SECONDS));
        pool.shutdown();
        Out.line("DONE");
    }
}
