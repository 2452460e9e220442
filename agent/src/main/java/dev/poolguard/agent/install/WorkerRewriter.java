package dev.poolguard.agent.install;

import static dev.poolguard.agent.install.HookMethods.*;

import java.util.List;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * {@code ThreadPoolExecutor.Worker(firstTask)}: the one place a pool creates a worker thread.
 * {@code getThreadFactory().newThread(this)} becomes {@code newWorkerThread(factory, this, this$0, firstTask)}, which
 * asks the factory as before (recording the worker) or, after shutdown began, answers null: the pool's
 * own "no thread" path, so {@code addWorker} fails cleanly and nothing of the pool's state leaks.
 * A call replaced in place needs no new branch and no new frame.
 */
final class WorkerRewriter extends ClassRewriter {
    private static final Target CONSTRUCTOR = new Target("<init>", "(L" + TPE + ";Ljava/lang/Runnable;)V", 1);

    WorkerRewriter() {
        super(WORKER, List.of(CONSTRUCTOR));
    }

    @Override
    MethodVisitor rewrite(Target target, MethodVisitor next, SiteCounter counter, int maxLocals) {
        return new MethodVisitor(ASM_API, next) {
            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                                        boolean isInterface) {
                boolean newThread = opcode == Opcodes.INVOKEINTERFACE
                        && owner.equals("java/util/concurrent/ThreadFactory") && name.equals("newThread")
                        && descriptor.equals("(Ljava/lang/Runnable;)Ljava/lang/Thread;");
                if (!newThread) {
                    super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                    return;
                }
                // stack: factory worker -> factory worker pool firstTask -> thread
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitFieldInsn(Opcodes.GETFIELD, WORKER, "this$0", "L" + TPE + ";");
                mv.visitVarInsn(Opcodes.ALOAD, 2); // the constructor's firstTask argument
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, POOL_OWNER, NEW_WORKER_THREAD, NEW_WORKER_THREAD_DESC, false);
                counter.hit();
            }
        };
    }
}
