package dev.poolguard.agent.install;

import static dev.poolguard.agent.install.HookMethods.*;

import java.util.List;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * {@code ExecutorCompletionService.take()} and {@code poll(timeout, unit)}, which {@code invokeAny} waits
 * in: their {@code completionQueue.take()} / {@code completionQueue.poll(timeout, unit)} become
 * {@code takeCompletion(queue, this)} / {@code pollCompletion(queue, timeout, unit, this)}, which register
 * the wait on the service and poll in slices, checked like a future's wait. {@code poll()} without a
 * timeout never blocks and is left alone.
 */
final class CompletionServiceRewriter extends ClassRewriter {
    private static final String QUEUE = "java/util/concurrent/BlockingQueue";
    private static final Target TAKE = new Target("take", "()Ljava/util/concurrent/Future;", 1);
    private static final Target TIMED_POLL = new Target("poll",
            "(JLjava/util/concurrent/TimeUnit;)Ljava/util/concurrent/Future;", 1);

    CompletionServiceRewriter() {
        super(COMPLETION_SERVICE, List.of(TAKE, TIMED_POLL));
    }

    @Override
    MethodVisitor rewrite(Target target, MethodVisitor next, SiteCounter counter, int maxLocals) {
        boolean take = target == TAKE;
        return new MethodVisitor(ASM_API, next) {
            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                boolean site = opcode == Opcodes.INVOKEINTERFACE && owner.equals(QUEUE)
                        && (take ? name.equals("take") && descriptor.equals("()Ljava/lang/Object;")
                        : name.equals("poll") && descriptor.equals("(JLjava/util/concurrent/TimeUnit;)Ljava/lang/Object;"));
                if (!site) {
                    super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                    return;
                }
                mv.visitVarInsn(Opcodes.ALOAD, 0); // the service, after the call's own arguments
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, take ? TAKE_COMPLETION : POLL_COMPLETION,
                        take ? TAKE_COMPLETION_DESC : POLL_COMPLETION_DESC, false);
                counter.hit();
            }
        };
    }
}
