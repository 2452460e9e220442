package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shape SELF_WAIT: a pool task waits on its own FutureTask. The pool has two workers, so it is not
 * starvation; the task learns its own future through a reference main publishes.
 */
public final class SelfWaitFutureTask {
    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2, Shape.named("selfwait"));
        AtomicReference<Future<String>> self = new AtomicReference<>();
        CountDownLatch published = new CountDownLatch(1);
        Future<String> me = pool.submit(task("me", () -> {
            Shape.await(published);
            Shape.ready();
            return Shape.waitFor("me", self.get());
        }));
        self.set(me);
        published.countDown();
        Shape.outcome("me", me);
        Shape.end();
    }
}
