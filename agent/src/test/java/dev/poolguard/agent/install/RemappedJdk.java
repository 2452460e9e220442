package dev.poolguard.agent.install;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.Remapper;

/**
 * A class loader that serves private copies of JDK classes, rewritten by the agent's rewriters and then
 * renamed out of {@code java.*} (which only the boot loader may define): {@code java/lang/Shutdown}
 * becomes {@code pgtest/java/lang/Shutdown}, nested classes included. The copies go through the JVM's
 * verifier like any class, so a rewrite that breaks the bytecode (a bad stack map frame, a wrong
 * stack) fails to load here, and they can run.
 *
 * <p>The calls into {@code PoolguardHooks} go to a generated stub with the same methods, each of which
 * reports to {@link HookLog}; a {@code WorkerRecord} becomes a plain {@code Object} on the way.
 */
final class RemappedJdk extends ClassLoader {
    static final String PREFIX = "pgtest/";
    static final String STUB = PREFIX + "Hooks";

    private final List<String> roots;
    private final Map<String, ClassRewriter> rewriters = new HashMap<>();
    private final Remapper remapper = new Remapper() {
        @Override
        public String map(String internalName) {
            if (internalName.equals(HookMethods.OWNER) || internalName.equals(HookMethods.POOL_OWNER)
                    || internalName.equals(HookMethods.SHUTDOWN_OWNER)) {
                return STUB;
            }
            if (internalName.equals(HookMethods.WORKER_RECORD)) {
                return "java/lang/Object";
            }
            return isCopied(internalName) ? PREFIX + internalName : internalName;
        }
    };

    /** Copies {@code roots} and their nested classes; the classes of {@code rewriters} are rewritten first. */
    RemappedJdk(List<String> roots, List<ClassRewriter> rewriters) {
        super("remapped-jdk", RemappedJdk.class.getClassLoader());
        this.roots = roots;
        for (ClassRewriter rewriter : rewriters) {
            this.rewriters.put(rewriter.className(), rewriter);
        }
    }

    private boolean isCopied(String internalName) {
        for (String root : roots) {
            if (internalName.equals(root) || internalName.startsWith(root + "$")) {
                return true;
            }
        }
        return false;
    }

    /** The private copy of a JDK class, loaded and linked (so verified) and initialised. */
    Class<?> copyOf(String internalName) throws ClassNotFoundException {
        return Class.forName((PREFIX + internalName).replace('/', '.'), true, this);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                String internal = name.replace('.', '/');
                byte[] bytes = null;
                if (internal.equals(STUB)) {
                    bytes = stub();
                } else if (internal.startsWith(PREFIX) && isCopied(internal.substring(PREFIX.length()))) {
                    bytes = copy(internal.substring(PREFIX.length()));
                }
                if (bytes == null) {
                    return super.loadClass(name, resolve);
                }
                loaded = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private byte[] copy(String original) {
        byte[] bytes = ClassBytes.of(original);
        ClassRewriter rewriter = rewriters.get(original);
        if (rewriter != null) {
            bytes = rewriter.apply(bytes);
        }
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(0);
        reader.accept(new ClassRemapper(writer, remapper), 0);
        return writer.toByteArray();
    }

    /** A class with every public static method of the three hook classes (renamed types), each calling HookLog. */
    private byte[] stub() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, STUB, null, "java/lang/Object", null);
        for (String owner : new String[] {HookMethods.OWNER, HookMethods.POOL_OWNER, HookMethods.SHUTDOWN_OWNER}) {
            new ClassReader(ClassBytes.of(owner)).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    if ((access & Opcodes.ACC_PUBLIC) != 0 && (access & Opcodes.ACC_STATIC) != 0) {
                        stubMethod(writer, name, remapper.mapMethodDesc(descriptor));
                    }
                    return null;
                }
            }, ClassReader.SKIP_CODE);
        }
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static void stubMethod(ClassWriter writer, String name, String descriptor) {
        MethodVisitor mv = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name, descriptor, null, null);
        mv.visitCode();
        Type[] args = Type.getArgumentTypes(descriptor);
        mv.visitLdcInsn(name);
        mv.visitLdcInsn(args.length);
        mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
        int slot = 0;
        for (int i = 0; i < args.length; i++) {
            mv.visitInsn(Opcodes.DUP);
            mv.visitLdcInsn(i);
            mv.visitVarInsn(args[i].getOpcode(Opcodes.ILOAD), slot);
            box(mv, args[i]);
            mv.visitInsn(Opcodes.AASTORE);
            slot += args[i].getSize();
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/poolguard/agent/install/HookLog", "call",
                "(Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/Object;", false);
        Type returned = Type.getReturnType(descriptor);
        if (returned.getSort() == Type.VOID) {
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.RETURN);
        } else if (returned.getSort() == Type.OBJECT || returned.getSort() == Type.ARRAY) {
            mv.visitTypeInsn(Opcodes.CHECKCAST, returned.getInternalName());
            mv.visitInsn(Opcodes.ARETURN);
        } else {
            throw new IllegalStateException("the stub cannot return " + returned + " from " + name);
        }
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void box(MethodVisitor mv, Type type) {
        String box;
        switch (type.getSort()) {
            case Type.BOOLEAN: box = "java/lang/Boolean"; break;
            case Type.BYTE: box = "java/lang/Byte"; break;
            case Type.CHAR: box = "java/lang/Character"; break;
            case Type.SHORT: box = "java/lang/Short"; break;
            case Type.INT: box = "java/lang/Integer"; break;
            case Type.LONG: box = "java/lang/Long"; break;
            case Type.FLOAT: box = "java/lang/Float"; break;
            case Type.DOUBLE: box = "java/lang/Double"; break;
            default: return;
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, box, "valueOf", "(" + type.getDescriptor() + ")L" + box + ";", false);
    }
}
