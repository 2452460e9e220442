package dev.poolguard.agent.install;

import static dev.poolguard.agent.install.HookMethods.*;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The parks of a blocking wait: {@code LockSupport.park(blocker)} and {@code parkNanos(blocker, nanos)}
 * become poolguard's {@code park}/{@code parkNanos} with the same arguments. They park as the JDK would,
 * in slices until the wait's next deadlock check, so a wait is analysed only once it has been parked a
 * while, on its own thread, and in fail mode can throw from where it sleeps.
 */
final class ParkSites {
    private static final String LOCK_SUPPORT = "java/util/concurrent/locks/LockSupport";

    private ParkSites() {
    }

    /** A method visitor that sends {@code next} the method with its parks replaced, counting each one. */
    static MethodVisitor redirecting(MethodVisitor next, ClassRewriter.SiteCounter counter) {
        return new MethodVisitor(ClassRewriter.ASM_API, next) {
            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                if (redirect(mv, opcode, owner, name, descriptor)) {
                    counter.hit();
                    return;
                }
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }
        };
    }

    /** Emits the replacement if this call is one of the two parks; returns whether it did. */
    private static boolean redirect(MethodVisitor mv, int opcode, String owner, String name, String descriptor) {
        if (opcode != Opcodes.INVOKESTATIC || !owner.equals(LOCK_SUPPORT)) {
            return false;
        }
        boolean park = name.equals("park") && descriptor.equals(PARK_DESC);
        boolean parkNanos = name.equals("parkNanos") && descriptor.equals(PARK_NANOS_DESC);
        if (!park && !parkNanos) {
            return false;
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, park ? PARK : PARK_NANOS, descriptor, false);
        return true;
    }
}
