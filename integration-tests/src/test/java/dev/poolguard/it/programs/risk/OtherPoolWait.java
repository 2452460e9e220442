package dev.poolguard.it.programs.risk;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.poolguard.it.programs.Out;
import dev.poolguard.it.programs.deadlock.Shape;

/**
 * No risk: a task of pool A waits on tasks of ANOTHER pool, B, three times; each B task ends only once
 * it saw the A task parked in the future's wait, so every wait really blocks, but not on its own pool.
 * Prints {@code BLOCKED n} (waits seen parked) and {@code DONE}.
 */
public final class OtherPoolWait {
    public static void main(String[] args) throws Exception {
        ExecutorService a = Executors.newFixedThreadPool(2, r -> new Thread(r, "other-a"));
        ExecutorService b = Executors.newFixedThreadPool(2, r -> new Thread(r, "other-b"));
        Future<Integer> outer = a.submit(() -> {
            int blocked = 0;
            Thread me = Thread.currentThread();
            for (int i = 0; i < 3; i++) {
                Future<Boolean> inB = b.submit(() -> Shape.awaitParked(me));
                blocked += inB.get() ? 1 : 0;
            }
            return blocked;
        });
        Out.line("BLOCKED " + outer.get(20, TimeUnit.SECONDS));
        a.shutdown();
        b.shutdown();
        Out.line("DONE");
    }
}
