package dev.poolguard.agent.attach;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;

/** The live workers of every {@code ThreadPoolExecutor} in this JVM, found from their threads. */
public final class WorkerScan {
    private WorkerScan() {
    }

    /** Each live worker as {pool, Worker, thread}; called reflectively, in an {@link IsolatedLoader}. */
    public static List<Object[]> liveWorkers() throws ReflectiveOperationException {
        JucFields fields = new JucFields();
        List<Object[]> found = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            Object task = fields.workerOf(thread);
            if (task != null) {
                ThreadPoolExecutor pool = fields.poolOfWorker(task);
                if (pool != null) {
                    found.add(new Object[] {pool, task, thread});
                }
            }
        }
        return found;
    }
}
