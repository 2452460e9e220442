package dev.poolguard.it.programs.deadlock;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shape SELF_WAIT through CompletableFuture: an async stage ({@code supplyAsync} on a ThreadPoolExecutor
 * of two workers) joins the very future it is to complete.
 */
public final class SelfWaitAsyncStage {
    public static void main(String[] args) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), Shape.named("cfself"));
        AtomicReference<CompletableFuture<String>> self = new AtomicReference<>();
        CountDownLatch published = new CountDownLatch(1);
        CompletableFuture<String> me = CompletableFuture.supplyAsync(() -> {
            Shape.await(published);
            Shape.ready();
            return Shape.join("me", self.get());
        }, pool);
        self.set(me);
        published.countDown();
        Shape.outcome("me", me);
        Shape.end();
    }
}
