package dev.poolguard.it.reliability;

import static net.bytebuddy.matcher.ElementMatchers.named;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Child program of {@link IsolationIT}: an application with its own SLF4J, Logback (configured by its
 * own logback.xml on the class path) and ByteBuddy, running beside the agent's relocated copies.
 * Uses only API calls that exist unchanged in SLF4J 1.7/2.0 and ByteBuddy 1.14/1.18, so one compiled
 * class runs on both class paths.
 *
 * <p>It logs through its own configuration (lines "APPLOG ..."), says where its libraries came from,
 * generates a class with its ByteBuddy, and then gives the agent something to log: a same-pool wait (a
 * risk) and a task that submits to its own one-thread pool and waits (a deadlock; the agent runs with
 * deadlock=fail, so the wait throws). Ends normally, so the agent logs its shutdown summary.
 */
public final class IsolationApp {
    public static void main(String[] args) throws Exception {
        Logger log = LoggerFactory.getLogger(IsolationApp.class);
        log.info("app started");
        log.debug("debug is on in the app's own configuration");
        Say.line("APP LOGGER FACTORY " + LoggerFactory.getILoggerFactory().getClass().getName());
        Say.line("APP SLF4J FROM " + Say.origin(LoggerFactory.class));
        Say.line("APP LOGBACK FROM " + Say.origin(LoggerFactory.getILoggerFactory().getClass()));
        Say.line("APP BYTEBUDDY FROM " + Say.origin(ByteBuddy.class));

        Class<?> generated = new ByteBuddy()
                .subclass(Object.class)
                .name("dev.poolguard.it.reliability.GeneratedByTheApp")
                .method(named("toString")).intercept(FixedValue.value("made by the app's ByteBuddy"))
                .make()
                .load(IsolationApp.class.getClassLoader())
                .getLoaded();
        Object instance = generated.getDeclaredConstructor().newInstance();
        Say.line("APP GENERATED " + generated.getName() + " says " + instance);
        log.info("generated {}", generated.getName());

        // a risk: a task of a two-thread pool waits on another task of the same pool while that one runs
        ExecutorService two = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Say.threads("iso-two", false));
        CountDownLatch innerRuns = new CountDownLatch(1);
        String inner = two.submit(() -> {
            Future<String> running = two.submit(() -> {
                innerRuns.countDown();
                Thread.sleep(200);
                return "inner";
            });
            innerRuns.await();
            return running.get();
        }).get(30, TimeUnit.SECONDS);
        log.info("same-pool wait returned {}", inner);
        two.shutdown();

        // a deadlock: the only worker submits to its own pool and waits
        ExecutorService one = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Say.threads("iso-one", false));
        Future<String> outer = one.submit(() -> one.submit(() -> "never").get());
        try {
            outer.get(30, TimeUnit.SECONDS);
            Say.line("APP DEADLOCK NOT DETECTED");
        } catch (ExecutionException e) {
            Say.line("APP DEADLOCK CAUGHT " + e.getCause().getClass().getName());
        }
        one.shutdownNow();
        log.info("app done");
        Say.line("APP DONE");
    }
}
