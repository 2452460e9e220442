package dev.poolguard.agent.install;

import static dev.poolguard.agent.install.HookMethods.*;

import java.util.List;

import net.bytebuddy.jar.asm.MethodVisitor;

/**
 * {@code ScheduledThreadPoolExecutor}: every {@code schedule}, {@code submit} and {@code execute} of a
 * scheduled pool queues its task through {@code delayedExecute(task)}, never through
 * {@code ThreadPoolExecutor.execute}; on entry, {@code submitting(this, task)}, as there (the wait note;
 * the drain's refusal). A periodic
 * task's next run is queued by {@code reExecutePeriodic}, which is left alone: it is no new work.
 */
final class ScheduledExecutorRewriter extends ClassRewriter {
    private static final Target DELAYED_EXECUTE =
            new Target("delayedExecute", "(Ljava/util/concurrent/RunnableScheduledFuture;)V", 1);

    ScheduledExecutorRewriter() {
        super(STPE, List.of(DELAYED_EXECUTE));
    }

    @Override
    MethodVisitor rewrite(Target target, MethodVisitor next, SiteCounter counter, int maxLocals) {
        return ThreadPoolExecutorRewriter.submittingAtEntry(next, counter);
    }
}
