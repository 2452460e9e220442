package dev.poolguard.agent.install;

import static dev.poolguard.agent.install.HookMethods.OWNER;
import static dev.poolguard.agent.install.HookMethods.WAIT_ENDED;
import static dev.poolguard.agent.install.HookMethods.WAIT_ENDED_DESC;

import java.util.ArrayList;
import java.util.List;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * How a rewritten wait method ends its registered wait, written once for every wait rewriter
 * ({@code FutureTask.awaitDone}, {@code CompletableFuture}'s gets, Guava's blocking get): a
 * {@code waitEnded(this)} before each return, and a catch-all that ends it and rethrows.
 */
final class WaitEnds {
    private WaitEnds() {
    }

    /** {@code PoolguardHooks.waitEnded(this)}. */
    static void waitEnded(MethodVisitor mv) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, WAIT_ENDED, WAIT_ENDED_DESC, false);
    }

    /**
     * Called from {@code visitMaxs}: a handler from {@code bodyStart} to the end that ends the wait and
     * rethrows. Added last, so the method's own handlers keep precedence. Its frame holds only the
     * method's arguments ({@code this} of {@code owner} and {@code descriptor}'s parameters).
     */
    static void catchAll(MethodVisitor mv, Label bodyStart, Label handler, String owner, String descriptor) {
        mv.visitTryCatchBlock(bodyStart, handler, handler, null);
        mv.visitLabel(handler);
        List<Object> locals = new ArrayList<>();
        locals.add(owner);
        for (Type argument : Type.getArgumentTypes(descriptor)) {
            locals.add(frameType(argument));
        }
        mv.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), 1, new Object[] {"java/lang/Throwable"});
        waitEnded(mv);
        mv.visitInsn(Opcodes.ATHROW);
    }

    private static Object frameType(Type type) {
        switch (type.getSort()) {
            case Type.BOOLEAN: case Type.BYTE: case Type.CHAR: case Type.SHORT: case Type.INT:
                return Opcodes.INTEGER;
            case Type.LONG: return Opcodes.LONG;
            case Type.FLOAT: return Opcodes.FLOAT;
            case Type.DOUBLE: return Opcodes.DOUBLE;
            default: return type.getInternalName();
        }
    }
}
