package dev.poolguard.agent.install;

import static dev.poolguard.agent.install.HookMethods.*;

import java.util.List;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Guava's blocking {@code get}: {@code AbstractFuture.get()}/{@code get(long, TimeUnit)} up to Guava 33.4.5,
 * {@code AbstractFutureState.blockingGet()}/{@code blockingGet(long, TimeUnit)} from 33.4.6 on. Unlike
 * {@code FutureTask.awaitDone}, these methods also hold the fast path (a future already done returns at
 * once), so the wait is registered only where the slow path begins, at the {@code new Waiter} that queues
 * the thread: a get on a done future costs nothing more than without the agent. From there on, every
 * return and a catch-all handler end the wait ({@code waitEnded} with no wait registered is a no-op, for the
 * paths that jump in past the registration), and the park ({@code LockSupport.park}, or Guava's
 * {@code OverflowAvoidingLockSupport.parkNanos}, capped the way it caps) goes through poolguard.
 * The timed wait registers with 1 ns: the hooks only tell a zero-timeout poll from a real wait by it, and
 * the slow path is never taken for a timeout under Guava's spin threshold.
 */
final class GuavaWaitRewriter extends ClassRewriter {
    /** Guava's own cap (OverflowAvoidingLockSupport.MAX_NANOSECONDS_THRESHOLD, the same in 31.0 to 33.8). */
    static final long MAX_PARK_NANOS = (1L + Integer.MAX_VALUE) * 1_000_000_000L - 1L;
    private static final String UNTIMED_DESC = "()Ljava/lang/Object;";
    private static final String TIMED_DESC = "(JLjava/util/concurrent/TimeUnit;)Ljava/lang/Object;";

    /** Each target: the registration, its park, the handler. */
    private static final int SITES = 3;

    private final String overflowAvoiding;

    private GuavaWaitRewriter(String className, String method) {
        super(className, List.of(new Target(method, UNTIMED_DESC, SITES), new Target(method, TIMED_DESC, SITES)));
        this.overflowAvoiding = className.substring(0, className.lastIndexOf('/') + 1) + "OverflowAvoidingLockSupport";
    }

    /** Guava 31.0 to 33.4.5: the waits are {@code AbstractFuture.get}'s own. */
    static GuavaWaitRewriter inAbstractFuture(String className) {
        return new GuavaWaitRewriter(className, "get");
    }

    /** Guava 33.4.6 and later: {@code AbstractFutureState.blockingGet}. */
    static GuavaWaitRewriter inAbstractFutureState(String className) {
        return new GuavaWaitRewriter(className, "blockingGet");
    }

    @Override
    boolean needsExpandedFrames() {
        return true; // the handler's frame is written expanded; the class's others must be too
    }

    @Override
    MethodVisitor rewrite(Target target, MethodVisitor next, SiteCounter counter, int maxLocals) {
        boolean timed = target.descriptor().equals(TIMED_DESC);
        String waiter = className() + "$Waiter";
        return new MethodVisitor(ASM_API, ParkSites.redirecting(next, counter)) {
            private final Label bodyStart = new Label();
            private final Label handler = new Label();
            private boolean started;

            @Override
            public void visitTypeInsn(int opcode, String type) {
                if (opcode == Opcodes.NEW && type.equals(waiter) && !started) {
                    started = true;
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    mv.visitInsn(timed ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
                    mv.visitInsn(timed ? Opcodes.LCONST_1 : Opcodes.LCONST_0);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, WAIT_STARTING, WAIT_STARTING_DESC, false);
                    mv.visitLabel(bodyStart);
                    counter.hit();
                }
                super.visitTypeInsn(opcode, type);
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                if (opcode == Opcodes.INVOKESTATIC && owner.equals(overflowAvoiding) && name.equals("parkNanos")
                        && descriptor.equals(PARK_NANOS_DESC)) {
                    mv.visitLdcInsn(MAX_PARK_NANOS); // what Guava's own parkNanos would have done first
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Math", "min", "(JJ)J", false);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, PARK_NANOS, PARK_NANOS_DESC, false);
                    counter.hit();
                    return;
                }
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }

            @Override
            public void visitInsn(int opcode) {
                if (started && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                    waitEnded();
                }
                super.visitInsn(opcode);
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                if (started) {
                    WaitEnds.catchAll(mv, bodyStart, handler, className(), target.descriptor());
                    counter.hit();
                }
                super.visitMaxs(maxStack, maxLocals);
            }

            private void waitEnded() {
                WaitEnds.waitEnded(mv);
            }
        };
    }
}
