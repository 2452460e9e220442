package dev.poolguard.it.programs.deadlock;

import static dev.poolguard.it.programs.deadlock.Shape.task;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shape SELF_WAIT on a virtual thread (JDK 21+): a task of {@code Executors.newVirtualThreadPerTaskExecutor()}
 * waits on its own future. Compiled for Java 17, so the executor is made reflectively.
 */
public final class VirtualSelfWait {
    public static void main(String[] args) throws Exception {
        ExecutorService executor = Virtual.executor();
        AtomicReference<Future<String>> self = new AtomicReference<>();
        CountDownLatch published = new CountDownLatch(1);
        Future<String> me = executor.submit(task("vme", () -> {
            Thread.currentThread().setName("vt-self");
            Shape.await(published);
            Shape.ready();
            return Shape.waitFor("vme", self.get());
        }));
        self.set(me);
        published.countDown();
        Shape.outcome("vme", me);
        Shape.end();
    }
}
