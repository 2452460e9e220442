package dev.poolguard.agent.install;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites named methods of one JDK class, and checks that it found every site it expected: a JDK
 * whose code changed shape fails here, loudly, instead of being half-instrumented.
 */
abstract class ClassRewriter {
    static final int ASM_API = Opcodes.ASM9;

    /** A method to rewrite and how many sites the rewrite must hit in it. */
    record Target(String name, String descriptor, int expectedSites) {
        String key() {
            return name + descriptor;
        }
    }

    /** Counts sites as a method visitor rewrites them. */
    static final class SiteCounter {
        int sites;

        void hit() {
            sites++;
        }
    }

    private final String className;
    private final List<Target> targets;

    ClassRewriter(String className, List<Target> targets) {
        this.className = className;
        this.targets = targets;
    }

    /** Internal name, such as {@code java/util/concurrent/ThreadPoolExecutor}. */
    String className() {
        return className;
    }

    /** The visitor that rewrites one target method. */
    abstract MethodVisitor rewrite(Target target, MethodVisitor next, SiteCounter counter, int maxLocals);

    /** Whether frames must be expanded (a rewrite that adds a local does). */
    boolean needsExpandedFrames() {
        return false;
    }

    /** Rewrites the class file; throws {@link IllegalStateException} if a target was not as expected. */
    byte[] apply(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        Map<String, Integer> maxLocals = needsExpandedFrames() ? MaxLocals.of(reader) : Map.of();
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        Map<String, SiteCounter> counters = new LinkedHashMap<>();
        for (Target target : targets) {
            counters.put(target.key(), new SiteCounter());
        }
        ClassVisitor visitor = new ClassVisitor(ASM_API, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                for (Target target : targets) {
                    if (target.name().equals(name) && target.descriptor().equals(descriptor)) {
                        return rewrite(target, next, counters.get(target.key()),
                                maxLocals.getOrDefault(target.key(), -1));
                    }
                }
                return next;
            }
        };
        reader.accept(visitor, needsExpandedFrames() ? ClassReader.EXPAND_FRAMES : 0);
        List<String> problems = new ArrayList<>();
        for (Target target : targets) {
            int found = counters.get(target.key()).sites;
            if (found != target.expectedSites()) {
                problems.add(target.name() + target.descriptor() + ": " + found + " sites, expected "
                        + target.expectedSites());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(className.replace('/', '.') + " is not shaped as expected: "
                    + String.join("; ", problems));
        }
        return writer.toByteArray();
    }

    /** A first pass that reads each method's {@code max_locals}, where a new local can go. */
    private static final class MaxLocals {
        static Map<String, Integer> of(ClassReader reader) {
            Map<String, Integer> result = new LinkedHashMap<>();
            reader.accept(new ClassVisitor(ASM_API) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    return new MethodVisitor(ASM_API) {
                        @Override
                        public void visitMaxs(int maxStack, int locals) {
                            result.put(name + descriptor, locals);
                        }
                    };
                }
            }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return result;
        }
    }

    /** Inserts {@code onEntry} at the start of the method. */
    static MethodVisitor atEntry(MethodVisitor next, SiteCounter counter, Consumer<MethodVisitor> onEntry) {
        return new MethodVisitor(ASM_API, next) {
            @Override
            public void visitCode() {
                super.visitCode();
                onEntry.accept(mv);
                counter.hit();
            }
        };
    }
}
