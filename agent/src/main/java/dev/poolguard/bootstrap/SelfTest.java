package dev.poolguard.bootstrap;

import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary;
import dev.poolguard.bootstrap.shutdown.ShutdownTrigger;
import dev.poolguard.bootstrap.waits.DeadlockReport;
import dev.poolguard.bootstrap.waits.RiskReport;
import dev.poolguard.bootstrap.waits.WaitSlot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.poolguard.bootstrap.Faults.Feature;

/**
 * The install-time self-test: proves, on this JVM, that what each feature depends on works, before
 * {@code agent-start} is written, so that a feature that cannot work is off and said to be (contract:
 * {@code agent-start}'s {@code problems}) instead of silently seeing nothing. It runs inside the
 * installation ({@code premain}, {@code attach --watch}), once every JDK class is rewritten, so that its
 * findings are in {@code agent-start} and a feature found broken is off before the application runs. Its
 * cost is that of creating a pool and starting and joining one thread, which the JVM's start makes slow
 * on a small machine (the new thread waits for a core the compilers keep busy). Run later, on a thread
 * of its own, it would leave {@code agent-start} to be written after events it must precede (or lost to
 * an early {@code kill -9}), or without the findings; run while the rest is rewritten, it crashed JDK 17.
 *
 * <p>A one-thread pool of its own (a daemon worker, shut down and joined before this returns) runs one
 * probe task ({@link SelfTestProbe}):
 * <ul>
 * <li>worker tracking: the registry knows the probe's worker and sees it run the probe (the rewritten
 *     {@code ThreadPoolExecutor} and {@code Worker} reached the runtime);</li>
 * <li>deadlock detection: the private fields it reads are reachable, a blocking {@code FutureTask.get}
 *     reaches poolguard (the rewritten wait and its park), and a task waiting on its own future is found
 *     to be a {@code SELF_WAIT} by the detector, over a wait graph of its own that no other analysis sees;
 *     nothing is reported (no event, log line or JFR event; never a risk);</li>
 * <li>the shutdown guard: the rewritten {@code Shutdown} and {@code ApplicationShutdownHooks} cannot run
 *     before the JVM exits (their rewrite is checked method by method at installation, and the spawn
 *     hook the guard refuses workers in is the one worker tracking was just seen through); what can be
 *     proven is what the drain reads at exit: while the probe runs, its pool does not count as settled.</li>
 * </ul>
 * A fault inside poolguard during the probes (which switches its feature off, {@link Faults}) is heard
 * here, not written as a {@code feature-disabled} event before {@code agent-start}. The pool takes no
 * pool number ({@link PoolRecord}) and is the JDK's own for the shutdown guard (never drained).
 */
public final class SelfTest {
    /**
     * For the agent's own tests: {@code -Ddev.poolguard.selftest.break=workers|detect|shutdown} makes that
     * feature's probe fail. {@code workers} and {@code detect} arm {@link Faults#injectOnce} (a fault in
     * the spawn hook, in the wait hook), as a bug would; {@code shutdown} fails the guard's check, since
     * no hook of the guard runs before shutdown. Not an option: outside the {@code poolguard.} names.
     */
    public static final String BREAK_PROPERTY = "dev.poolguard.selftest.break";
    /** How long any step may take before the test gives up (only a JVM that hardly runs at all needs it). */
    public static final long BOUND_MILLIS = 5_000;

    /** What the test found: each feature it found not working (off now), and whether it finished. */
    public record Result(List<String> problems, boolean finished) { }

    private final FaultsHeard heard = new FaultsHeard();
    private final EventSink sink;
    private final String breakFeature;
    private final Map<String, String> failed = new LinkedHashMap<>();
    private ProbeThreads threads;
    private SelfTestProbe probe;

    private SelfTest(String breakFeature) {
        this.breakFeature = breakFeature;
        this.sink = Faults.swapSink(heard);
    }

    /**
     * Runs the test and switches off what it found not working. A feature already off (a class it needs
     * was not rewritten, or it was not asked for) is not tested. Never throws.
     */
    public static Result run(String breakFeature) {
        if (!PoolguardRuntime.active || !Feature.WORKER_TRACKING.enabled()) {
            return new Result(List.of(), true);
        }
        return start(breakFeature).finish();
    }

    /** Submits the probe to a pool of its own; {@link #finish} joins it. */
    private static SelfTest start(String breakFeature) {
        SelfTest test = new SelfTest(breakFeature);
        try {
            if ("workers".equals(breakFeature)) {
                Faults.injectOnce(Feature.WORKER_TRACKING.label());
            } else if ("detect".equals(breakFeature)) {
                Faults.injectOnce(Feature.DEADLOCK_DETECTION.label());
            }
            test.submit();
        } catch (Throwable failure) {
            test.failed.putIfAbsent(Feature.WORKER_TRACKING.label(), "the self-test's pool failed: " + failure);
        }
        return test;
    }

    private void submit() {
        threads = new ProbeThreads();
        ProbePool pool = new ProbePool(threads);
        probe = new SelfTestProbe("shutdown".equals(breakFeature));
        try {
            pool.execute(probe.task);
            if (PoolguardRuntime.WATCH.tracking()) {
                WaitSlot.current().forgetSubmission(); // no hint of the probe left in this thread's slot
            }
        } finally {
            // shut down with the probe accepted: its worker runs it, finds the pool closed and leaves by
            // itself, never interrupted out of an idle wait
            pool.shutdown();
        }
    }

    /** Waits for the probe (bounded), switches off each feature it found not working and says which. */
    private Result finish() {
        boolean finished = false;
        try {
            finished = joinProbe();
        } catch (Throwable failure) {
            failed.putIfAbsent(Feature.WORKER_TRACKING.label(), "the self-test failed: " + failure);
        } finally {
            Faults.swapSink(sink);
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> fault : heard.faults().entrySet()) {
            problems.add("self-test: " + fault.getKey() + " is off: it failed inside poolguard: " + fault.getValue());
        }
        for (Map.Entry<String, String> failure : failed.entrySet()) {
            if (switchOff(failure.getKey())) {
                problems.add("self-test: " + failure.getKey() + " is off: " + failure.getValue());
            }
        }
        return new Result(problems, finished);
    }

    /** Joins the probe's worker and notes what the probe found; false if it did not end in time. */
    private boolean joinProbe() throws InterruptedException {
        Thread worker = threads == null ? null : threads.made;
        if (worker == null) {
            failed.putIfAbsent(Feature.WORKER_TRACKING.label(), "the self-test's pool started no worker");
            return true;
        }
        worker.join(BOUND_MILLIS);
        if (worker.isAlive()) {
            return false;
        }
        if (probe.failure != null) {
            failed.put(Feature.WORKER_TRACKING.label(), "the probe task failed: " + probe.failure);
        } else if (!probe.workerSeen) {
            failed.put(Feature.WORKER_TRACKING.label(), "a worker of a tracked pool was not seen running its task");
        } else {
            if (probe.detection != null) {
                failed.put(Feature.DEADLOCK_DETECTION.label(), probe.detection);
            }
            if (probe.guard != null) {
                failed.put(Feature.SHUTDOWN_GUARD.label(), probe.guard);
            }
        }
        return true;
    }

    /**
     * Switches the feature named {@code label} off, with what depends on it. False when it is off already
     * (a class it needs was not rewritten, or a fault during the probe said so): not said twice.
     */
    private static boolean switchOff(String label) {
        for (Feature feature : Feature.values()) {
            if (feature.label().equals(label) && feature.enabled()) {
                Faults.disable(feature);
                if (feature == Feature.WORKER_TRACKING) {
                    Faults.disable(Feature.DEADLOCK_DETECTION); // both read what worker tracking knows
                    Faults.disable(Feature.SHUTDOWN_GUARD);
                }
                return true;
            }
        }
        return false;
    }

    /** The self-test's pool: one daemon worker, never numbered or drained. */
    public static final class ProbePool extends ThreadPoolExecutor {
        ProbePool(ThreadFactory threads) {
            super(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads);
        }
    }

    /** Makes the one worker, and keeps it so the self-test can join it. */
    private static final class ProbeThreads implements ThreadFactory {
        volatile Thread made;

        @Override
        public Thread newThread(Runnable worker) {
            Thread thread = new Thread(worker, "poolguard-self-test");
            thread.setDaemon(true);
            made = thread;
            return thread;
        }
    }

    /** Keeps the faults that switched a feature off during the test, by feature, first one only. */
    private static final class FaultsHeard implements EventSink {
        private final Map<String, String> faults = new LinkedHashMap<>();

        @Override
        public synchronized void featureDisabled(String feature, Throwable cause) {
            faults.putIfAbsent(feature, String.valueOf(cause));
        }

        synchronized Map<String, String> faults() {
            return new LinkedHashMap<>(faults);
        }

        @Override public void shutdownStarted(ShutdownTrigger trigger, Integer status) { }
        @Override public void spawnBlocked(String poolId, String threadName, StackTraceElement[] stack) { }
        @Override public void shutdownEnded(ShutdownSummary summary) { }
        @Override public void deadlock(DeadlockReport report) { }
        @Override public void risk(RiskReport report) { }
    }
}
