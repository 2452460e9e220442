package dev.poolguard.it.programs.lock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import dev.poolguard.it.programs.Out;
import dev.poolguard.it.programs.deadlock.Shape;

/**
 * Shape 7 of issue 13, a CYCLE through a lock and a future: task a (pool lockp1) holds a lock and waits on
 * task b (pool lockp2), which blocks acquiring the same lock. Arguments: the lock ({@code reentrant} or
 * {@code monitor}) and which wait closes the ring: {@code lock} (a's wait is parked and analysed first,
 * then b blocks on the lock: found by a's periodic re-check) or {@code future} (b blocks first, then a
 * waits: found by a's first check).
 *
 * <p>With {@code deadlock=fail}, a's wait throws (a lock acquisition cannot): a leaves the lock, b gets it
 * and ends, and the program ends normally. With {@code deadlock=log} it hangs until main's outer wait
 * gives up. Prints {@code LOCK BLOCKED} once b is blocked on the lock.
 */
public final class LockFutureCycle {
    public static void main(String[] args) {
        Guard guard = Guard.of(args);
        boolean lockCloses = args.length < 2 || args[1].equals("lock");
        ExecutorService p1 = Executors.newFixedThreadPool(1, Shape.named("lockp1"));
        ExecutorService p2 = Executors.newFixedThreadPool(1, Shape.named("lockp2"));
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch bBlocked = new CountDownLatch(1);
        Shape.Started aStarted = new Shape.Started();
        Shape.Started bStarted = new Shape.Started();
        AtomicReference<Future<String>> futureOfB = new AtomicReference<>();
        CountDownLatch bSubmitted = new CountDownLatch(1);
        Future<String> a = p1.submit(task("a", () -> guard.holding(() -> {
            aStarted.mark();
            Future<String> b = p2.submit(task("b", () -> {
                bStarted.mark();
                Shape.await(go);
                return guard.holding(() -> "b");
            }));
            futureOfB.set(b);
            bSubmitted.countDown();
            if (!lockCloses) {
                Shape.await(bBlocked); // b blocks on the lock first: a's own wait closes the ring
            }
            Shape.ready();
            return Shape.waitFor("a", b);
        })));
        Shape.await(bSubmitted);
        if (lockCloses) {
            Shape.awaitParked(aStarted.thread()); // a's wait is parked and was analysed: no deadlock yet
        }
        go.countDown();
        guard.awaitBlocked(bStarted.thread());
        Out.line("LOCK BLOCKED");
        bBlocked.countDown();
        Shape.outcome("a", a);
        Shape.outcome("b", futureOfB.get());
        Shape.end();
    }
}
