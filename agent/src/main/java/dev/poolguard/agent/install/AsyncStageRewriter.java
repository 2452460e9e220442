package dev.poolguard.agent.install;

import static dev.poolguard.agent.install.HookMethods.*;

import java.util.List;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * {@code CompletableFuture.AsyncSupply.run()} and {@code AsyncRun.run()}: the task that completes an
 * async stage's future ({@code dep}). A {@code CompletableFuture} has no owner thread, so to know who
 * will complete the future a thread waits on, the stage says which future it works on:
 * {@code stageStarting(dep)} on entry (before {@code run} clears {@code dep}) and
 * {@code stageFinished()} on return. {@code run} catches the function's exceptions itself.
 */
final class AsyncStageRewriter extends ClassRewriter {
    private static final Target RUN = new Target("run", VOID, 2);

    private AsyncStageRewriter(String className) {
        super(className, List.of(RUN));
    }

    static AsyncStageRewriter asyncSupply() {
        return new AsyncStageRewriter(ASYNC_SUPPLY);
    }

    static AsyncStageRewriter asyncRun() {
        return new AsyncStageRewriter(ASYNC_RUN);
    }

    @Override
    MethodVisitor rewrite(Target target, MethodVisitor next, SiteCounter counter, int maxLocals) {
        String owner = className();
        return new MethodVisitor(ASM_API, next) {
            private boolean sawReturn;

            @Override
            public void visitCode() {
                super.visitCode();
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitFieldInsn(Opcodes.GETFIELD, owner, "dep", "L" + COMPLETABLE_FUTURE + ";");
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, STAGE_STARTING, STAGE_STARTING_DESC, false);
                counter.hit();
            }

            @Override
            public void visitInsn(int opcode) {
                if (opcode == Opcodes.RETURN) {
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, STAGE_FINISHED, VOID, false);
                    if (!sawReturn) {
                        counter.hit();
                        sawReturn = true;
                    }
                }
                super.visitInsn(opcode);
            }
        };
    }
}
