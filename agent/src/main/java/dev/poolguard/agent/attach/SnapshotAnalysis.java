package dev.poolguard.agent.attach;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.poolguard.agent.attach.Snapshot.FutureShot;
import dev.poolguard.agent.attach.Snapshot.PoolShot;
import dev.poolguard.agent.attach.Snapshot.ThreadShot;
import dev.poolguard.bootstrap.waits.DeadlockReport;
import dev.poolguard.bootstrap.waits.DeadlockReport.HeldLock;
import dev.poolguard.bootstrap.waits.DeadlockReport.PoolInfo;
import dev.poolguard.bootstrap.waits.DeadlockReport.ThreadInfo;
import dev.poolguard.bootstrap.detect.DeadlockDetector;
import dev.poolguard.bootstrap.detect.Verdict;

/**
 * Every deadlock in a snapshot, each once. The agent checks a wait when it begins; here every waiting
 * thread is checked as if its wait had just begun. A verdict counts only when that thread's own wait is
 * part of the ring ({@link Verdict#closesLoop()}): a thread that merely waits on a deadlocked task (say
 * {@code main} on the outer task) is not a deadlock of its own, as the agent would not report it either.
 */
public final class SnapshotAnalysis {
    private SnapshotAnalysis() {
    }

    public static List<DeadlockReport> deadlocks(Snapshot snapshot) {
        SnapshotModel model = new SnapshotModel(snapshot);
        Map<Long, FutureShot> running = runningFutures(snapshot);
        Set<Set<Long>> seen = new HashSet<>();
        List<DeadlockReport> reports = new ArrayList<>();
        for (ThreadShot thread : snapshot.threads()) {
            if (thread.awaits() == null) {
                continue;
            }
            Verdict<ThreadShot, FutureShot, PoolShot> verdict = DeadlockDetector.check(model, thread);
            if (verdict == null || !verdict.closesLoop()) {
                continue;
            }
            Set<Long> members = new TreeSet<>();
            for (ThreadShot member : verdict.threads()) {
                members.add(member.id());
            }
            if (seen.add(members)) {
                reports.add(describe(verdict, model, running));
            }
        }
        return reports;
    }

    /** Which awaited future each thread is running, when it runs one (for the "runs" line). */
    private static Map<Long, FutureShot> runningFutures(Snapshot snapshot) {
        Map<Long, FutureShot> running = new HashMap<>();
        for (FutureShot future : snapshot.futures()) {
            if (future.runner() != null) {
                running.putIfAbsent(future.runner(), future);
            }
        }
        return running;
    }

    private static DeadlockReport describe(Verdict<ThreadShot, FutureShot, PoolShot> verdict, SnapshotModel model,
                                           Map<Long, FutureShot> running) {
        List<ThreadInfo> threads = new ArrayList<>();
        for (ThreadShot thread : verdict.threads()) {
            PoolShot pool = model.poolOf(thread);
            FutureShot runs = running.get(thread.id());
            FutureShot awaited = model.awaitedBy(thread);
            ThreadShot owner = awaited == null ? model.lockOwnerBlocking(thread) : null;
            threads.add(new ThreadInfo(thread.name(), pool == null ? null : pool.id(),
                    runs == null ? null : runs.text(), awaited == null ? null : awaited.text(),
                    owner == null ? null : new HeldLock(thread.lock(), owner.name()), thread.stack()));
        }
        List<PoolInfo> pools = new ArrayList<>();
        for (PoolShot pool : verdict.pools()) {
            pools.add(new PoolInfo(pool.id(), pool.type(), pool.size(), pool.max(), pool.queued()));
        }
        return new DeadlockReport(verdict.kind().name(), verdict.timed(), threads, pools);
    }
}
