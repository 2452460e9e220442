package dev.poolguard.agent.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/** Class files for the rewriter tests: the running JDK's own, and what a rewrite made of them. */
final class ClassBytes {
    private ClassBytes() {
    }

    /** The class file of a class, as the running JDK (or the test class path) has it. */
    static byte[] of(String internalName) {
        String resource = internalName + ".class";
        try (InputStream in = open(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no class file for " + internalName);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = Object.class.getResourceAsStream("/" + resource);
        if (in == null) {
            in = ClassBytes.class.getClassLoader().getResourceAsStream(resource);
        }
        return in;
    }

    /** One method call in a method's code, in order. */
    record Call(int opcode, String owner, String name, String descriptor) {
        boolean isHook() {
            return opcode == Opcodes.INVOKESTATIC && (owner.equals(HookMethods.OWNER) || owner.equals(HookMethods.POOL_OWNER)
                    || owner.equals(HookMethods.SHUTDOWN_OWNER));
        }

        @Override
        public String toString() {
            return owner + "." + name + descriptor;
        }
    }

    /** Every method's calls, in code order, keyed by name + descriptor. */
    static Map<String, List<Call>> calls(byte[] classFile) {
        Map<String, List<Call>> result = new LinkedHashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                List<Call> calls = new ArrayList<>();
                result.put(name + descriptor, calls);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        calls.add(new Call(opcode, owner, method, desc));
                    }
                };
            }
        }, 0);
        return result;
    }

    /** How many return instructions (of any kind) each method has, keyed by name + descriptor. */
    static Map<String, Integer> returns(byte[] classFile) {
        Map<String, Integer> result = new LinkedHashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                String key = name + descriptor;
                result.put(key, 0);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInsn(int opcode) {
                        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                            result.merge(key, 1, Integer::sum);
                        }
                    }
                };
            }
        }, 0);
        return result;
    }

    /** A class with a default constructor and the given empty {@code void} methods (name + descriptor). */
    static byte[] tinyClass(String internalName, String... voidMethods) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        for (String method : voidMethods) {
            int paren = method.indexOf('(');
            MethodVisitor mv = writer.visitMethod(Opcodes.ACC_STATIC, method.substring(0, paren),
                    method.substring(paren), null, null);
            mv.visitCode();
            mv.visitInsn(Opcodes.RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        writer.visitEnd();
        return writer.toByteArray();
    }
}
