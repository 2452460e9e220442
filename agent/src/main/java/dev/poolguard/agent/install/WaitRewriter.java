package dev.poolguard.agent.install;

import static dev.poolguard.agent.install.HookMethods.*;

import java.util.List;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The private method a blocking {@code get} calls only when the result is not there yet, so a call on
 * a finished future costs nothing:
 * <ul>
 * <li>{@code FutureTask.awaitDone(timed, nanos)} (both {@code get}s; {@code submit}, {@code invokeAll},
 *     scheduled futures and JDK 21+ virtual-thread executors all wait here);</li>
 * <li>{@code CompletableFuture.waitingGet(interruptible)} ({@code get()}, {@code join()}) and
 *     {@code timedGet(nanos)} ({@code get(timeout)}).</li>
 * </ul>
 * On entry {@code waitStarting(this, timed, nanos)}, which registers the wait; on every exit, normal or
 * not (interrupt, timeout, a deadlock thrown in fail mode), {@code waitEnded(this)}, so no wait outlives
 * itself in poolguard's graph. {@code awaitDone} parks itself, so its parks also go through poolguard
 * ({@link ParkSites}): that is where a wait still parked after a while is analysed and may throw.
 * ({@code CompletableFuture} parks in {@code Signaller.block}, rewritten by {@link SignallerRewriter}.)
 */
final class WaitRewriter extends ClassRewriter {
    /** Entry, handler, and its two parks ({@link ParkSites}). */
    private static final Target AWAIT_DONE = new Target("awaitDone", "(ZJ)I", 4);
    private static final Target WAITING_GET = new Target("waitingGet", "(Z)Ljava/lang/Object;", 2);
    private static final Target TIMED_GET = new Target("timedGet", "(J)Ljava/lang/Object;", 2);

    private WaitRewriter(String className, List<Target> targets) {
        super(className, targets);
    }

    static WaitRewriter futureTask() {
        return new WaitRewriter(FUTURE_TASK, List.of(AWAIT_DONE));
    }

    static WaitRewriter completableFuture() {
        return new WaitRewriter(COMPLETABLE_FUTURE, List.of(WAITING_GET, TIMED_GET));
    }

    @Override
    boolean needsExpandedFrames() {
        return true; // the handler's frame is written expanded; the class's others must be too
    }

    @Override
    MethodVisitor rewrite(Target target, MethodVisitor next, SiteCounter counter, int maxLocals) {
        boolean timedKnownFromArgument = target == AWAIT_DONE;
        boolean alwaysTimed = target == TIMED_GET;
        return new MethodVisitor(ASM_API, ParkSites.redirecting(next, counter)) { // its parks go through poolguard too
            private final Label bodyStart = new Label();
            private final Label handler = new Label();

            @Override
            public void visitCode() {
                super.visitCode();
                // waitStarting(this, timed, nanos): awaitDone(timed, nanos), timedGet(nanos), waitingGet(_)
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                if (timedKnownFromArgument) {
                    mv.visitVarInsn(Opcodes.ILOAD, 1);
                    mv.visitVarInsn(Opcodes.LLOAD, 2);
                } else if (alwaysTimed) {
                    mv.visitInsn(Opcodes.ICONST_1);
                    mv.visitVarInsn(Opcodes.LLOAD, 1);
                } else {
                    mv.visitInsn(Opcodes.ICONST_0);
                    mv.visitInsn(Opcodes.LCONST_0);
                }
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, WAIT_STARTING, WAIT_STARTING_DESC, false);
                mv.visitLabel(bodyStart);
                counter.hit();
            }

            @Override
            public void visitInsn(int opcode) {
                if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                    waitEnded();
                }
                super.visitInsn(opcode);
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                WaitEnds.catchAll(mv, bodyStart, handler, className(), target.descriptor());
                counter.hit();
                super.visitMaxs(maxStack, maxLocals);
            }

            private void waitEnded() {
                WaitEnds.waitEnded(mv);
            }
        };
    }
}
