package dev.poolguard.agent.install;

import static dev.poolguard.agent.install.HookMethods.*;

import java.util.List;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * {@code java.lang.ApplicationShutdownHooks.runHooks()}: on entry it hands over the {@code hooks} map
 * (so spawns from hook threads can be told apart); before it returns, once every application hook has
 * been joined, the drain runs. This is still inside {@code Shutdown.runHooks}, under the shutdown lock,
 * on every path (exit, signal, last thread).
 */
final class ApplicationShutdownHooksRewriter extends ClassRewriter {
    private static final Target RUN_HOOKS = new Target("runHooks", VOID, 2);

    ApplicationShutdownHooksRewriter() {
        super(APP_HOOKS, List.of(RUN_HOOKS));
    }

    @Override
    MethodVisitor rewrite(Target target, MethodVisitor next, SiteCounter counter, int maxLocals) {
        return new MethodVisitor(ASM_API, next) {
            private boolean sawReturn;

            @Override
            public void visitCode() {
                super.visitCode();
                mv.visitFieldInsn(Opcodes.GETSTATIC, APP_HOOKS, "hooks", "Ljava/util/IdentityHashMap;");
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, SHUTDOWN_OWNER, APP_HOOKS_STARTING, APP_HOOKS_STARTING_DESC, false);
                counter.hit();
            }

            @Override
            public void visitInsn(int opcode) {
                if (opcode == Opcodes.RETURN) {
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, SHUTDOWN_OWNER, APP_HOOKS_FINISHED, VOID, false);
                    if (!sawReturn) {
                        counter.hit(); // counted once however many returns the compiler emitted
                        sawReturn = true;
                    }
                }
                super.visitInsn(opcode);
            }
        };
    }
}
