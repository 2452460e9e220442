package dev.poolguard.agent.install;

import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;

import dev.poolguard.agent.attach.AttachEntry;
import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.PoolguardRuntime;

/**
 * {@code attach --watch}: the pools and workers that existed before the agent was loaded are taken
 * over, so the shutdown guard knows them and their spawns are tracked from now on. Run after the JDK
 * classes were rewritten: a worker spawned meanwhile is already known and is skipped.
 *
 * <p>What cannot be taken over: a worker that already runs its loop keeps running the loop as it was
 * before the rewrite (the JVM never replaces a running method), so the task it runs is not seen until it
 * exits; it reads as idle, which can hide a deadlock in its pool but never invents one.
 */
public final class Adoption {
    private Adoption() {
    }

    /** Returns how many workers were adopted. */
    public static int adoptLiveWorkers(Instrumentation instrumentation) throws Exception {
        PoolRegistry registry = PoolguardRuntime.registry();
        int adopted = 0;
        List<Object[]> workers = AttachEntry.liveWorkers(instrumentation);
        for (Object[] found : workers) {
            if (registry.adopt((ThreadPoolExecutor) found[0], found[1], (Thread) found[2])) {
                adopted++;
            }
        }
        return adopted;
    }
}
