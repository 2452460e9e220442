package dev.poolguard.agent.install;

import static dev.poolguard.agent.install.HookMethods.*;

import java.util.List;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * {@code java.lang.Shutdown}: who asked for shutdown ({@code exit(status)} on the calling thread, a
 * signal handler thread, or {@code shutdown()} when the last thread ended), when hooks begin
 * ({@code runHooks()}), and {@code halt(status)} for a hook that halts before the end was written.
 * The drain itself waits later, inside {@code runHooks} (see {@link ApplicationShutdownHooksRewriter}):
 * waiting at {@code exit} entry would be before the shutdown lock, where a second {@code exit} can halt.
 */
final class ShutdownRewriter extends ClassRewriter {
    private static final Target EXIT = new Target("exit", INT_VOID, 1);
    private static final Target LAST_THREAD = new Target("shutdown", VOID, 1);
    private static final Target RUN_HOOKS = new Target("runHooks", VOID, 1);
    private static final Target HALT = new Target("halt", INT_VOID, 1);

    ShutdownRewriter() {
        super(SHUTDOWN, List.of(EXIT, LAST_THREAD, RUN_HOOKS, HALT));
    }

    @Override
    MethodVisitor rewrite(Target target, MethodVisitor next, SiteCounter counter, int maxLocals) {
        if (target == EXIT || target == HALT) {
            String hook = target == EXIT ? EXIT_REQUESTED : HALTING;
            return atEntry(next, counter, mv -> {
                mv.visitVarInsn(Opcodes.ILOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, SHUTDOWN_OWNER, hook, INT_VOID, false);
            });
        }
        String hook = target == LAST_THREAD ? LAST_THREAD_ENDED : HOOKS_STARTING;
        return atEntry(next, counter,
                mv -> mv.visitMethodInsn(Opcodes.INVOKESTATIC, SHUTDOWN_OWNER, hook, VOID, false));
    }
}
