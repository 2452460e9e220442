package dev.poolguard.agent.install;

import static dev.poolguard.agent.install.HookMethods.*;

import java.util.List;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * {@code ScheduledThreadPoolExecutor.delayedExecute(task)}, where every {@code schedule}, {@code submit}
 * and {@code execute} of a scheduled pool queues its task (it does not go through
 * {@code ThreadPoolExecutor.execute}): on entry, {@code submitting(this, task)}, so a wait on that task
 * knows its pool without reading the queue.
 */
final class ScheduledExecutorRewriter extends ClassRewriter {
    private static final Target DELAYED_EXECUTE =
            new Target("delayedExecute", "(Ljava/util/concurrent/RunnableScheduledFuture;)V", 1);

    ScheduledExecutorRewriter() {
        super(STPE, List.of(DELAYED_EXECUTE));
    }

    @Override
    MethodVisitor rewrite(Target target, MethodVisitor next, SiteCounter counter, int maxLocals) {
        return atEntry(next, counter, mv -> {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, SUBMITTING, SUBMITTING_DESC, false);
        });
    }
}
