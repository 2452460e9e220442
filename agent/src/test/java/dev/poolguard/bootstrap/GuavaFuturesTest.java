package dev.poolguard.bootstrap;

import dev.poolguard.bootstrap.waits.GuavaFutures;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;

import com.google.common.util.concurrent.FluentFuture;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListenableFutureTask;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import org.junit.jupiter.api.Test;

/**
 * What a Guava future waits for, read from real Guava futures (the newest Guava, on the test class path;
 * GuavaIT covers an older one in a running program): the source of a transform, an async transform, a
 * catching, a {@code FluentFuture.from} wrapper and a {@code setFuture}; nothing for a future that
 * waits for nobody, a done source, or anything not Guava's.
 */
class GuavaFuturesTest {
    private final SettableFuture<String> source = SettableFuture.create();

    @Test
    void transformWaitsForItsInput() {
        assertSame(source, GuavaFutures.prerequisiteOf(
                Futures.transform(source, s -> s + "!", MoreExecutors.directExecutor())));
    }

    @Test
    void transformAsyncWaitsForItsInputThenForTheFunctionsFuture() {
        SettableFuture<String> produced = SettableFuture.create();
        ListenableFuture<String> async = Futures.transformAsync(source, s -> produced, MoreExecutors.directExecutor());
        assertSame(source, GuavaFutures.prerequisiteOf(async));
        source.set("now");
        assertSame(produced, GuavaFutures.prerequisiteOf(async));
    }

    @Test
    void catchingWaitsForItsInput() {
        assertSame(source, GuavaFutures.prerequisiteOf(
                Futures.catching(source, RuntimeException.class, e -> "caught", MoreExecutors.directExecutor())));
    }

    @Test
    void setFutureWaitsForTheFutureItWasGiven() {
        SettableFuture<String> settable = SettableFuture.create();
        settable.setFuture(source);
        assertSame(source, GuavaFutures.prerequisiteOf(settable));
    }

    @Test
    void fluentWrapperWaitsForItsDelegate() {
        ListenableFutureTask<String> task = ListenableFutureTask.create(() -> "x");
        assertSame(task, GuavaFutures.prerequisiteOf(FluentFuture.from(task)));
    }

    @Test
    void nothingToWaitFor() {
        assertNull(GuavaFutures.prerequisiteOf(source), "a plain SettableFuture");
        source.set("done");
        assertNull(GuavaFutures.prerequisiteOf(Futures.transform(source, s -> s, MoreExecutors.directExecutor())));
        assertNull(GuavaFutures.prerequisiteOf(new FutureTask<>(() -> "x")));
        assertNull(GuavaFutures.prerequisiteOf(new CompletableFuture<>()));
        assertNull(GuavaFutures.prerequisiteOf("not a future"));
        assertNull(GuavaFutures.prerequisiteOf(null));
    }
}
