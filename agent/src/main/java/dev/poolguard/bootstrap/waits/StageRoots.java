package dev.poolguard.bootstrap.waits;

import dev.poolguard.bootstrap.waits.StageSources;
import dev.poolguard.bootstrap.pools.JucAccess;
import dev.poolguard.bootstrap.pools.PoolRecord;
import dev.poolguard.bootstrap.pools.PoolRegistry;
import dev.poolguard.bootstrap.pools.WorkerRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The futures whose producer poolguard knows, from which {@link StageSources} searches for the source of
 * a dependent stage: the stages running now (on pool workers and other threads), and the stages queued in
 * a stuck pool (work queued, no idle worker, no room to grow). A stage queued in a pool that will run it
 * is left out: whatever hangs from it progresses, which is what "not found" says too. Collected once per
 * check, on the analysis path only.
 */
public final class StageRoots {
    private StageRoots() {
    }

    /** A completion service's pending tasks ({@link CompletionServiceTasks}), an either-stage's sources. */
    static List<Object> alternativesOf(LiveWaitModel model, Object future) {
        List<Object> tasks = CompletionServiceTasks.pendingOf(future, model.registry);
        return tasks != null || !StageSources.searchable(future) ? tasks
                : StageSources.alternativesAmong(future, rootsOf(model));
    }

    /** A dependent stage's source, found from the stages with a known producer ({@link StageSources}). */
    static Object prerequisiteOf(LiveWaitModel model, Object future) {
        return StageSources.searchable(future) ? StageSources.sourceAmong(future, rootsOf(model)) : null;
    }

    /** The roots, collected once per check (per model). */
    private static List<Object> rootsOf(LiveWaitModel model) {
        if (model.stageRoots == null) {
            // a pool's growth may be asked about while collecting (GrowthBySubmission), which comes back
            // here through a nested check: that check sees no roots, so unknown, progress
            model.stageRoots = List.of();
            model.stageRoots = collect(model, model.registry, model.stages);
        }
        return model.stageRoots;
    }

    private static List<Object> collect(LiveWaitModel model, PoolRegistry registry, StageTracker stages) {
        List<Object> roots = new ArrayList<>();
        for (WorkerRecord worker : registry.runningWorkers()) {
            Object producing = worker.producing();
            if (producing != null) {
                roots.add(producing);
            }
        }
        stages.producedByOthers(roots);
        for (PoolRecord record : registry.activePoolsNow()) {
            ThreadPoolExecutor pool = record.pool();
            if (pool == null || pool.getQueue().isEmpty() || model.hasIdleWorker(record)
                    || model.canStartWorker(record)) {
                continue;
            }
            for (Object task : pool.getQueue().toArray()) {
                Object stage = JucAccess.stageFuture(task);
                if (stage != null) {
                    roots.add(stage);
                }
            }
        }
        return roots;
    }
}
