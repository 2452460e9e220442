package dev.poolguard.agent.install;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rewrites the few JDK classes poolguard needs, by exact name and only in the boot loader; every other
 * class passes through untouched at the cost of one map lookup.
 *
 * <p>It stays registered after installation: when another agent retransforms one of these classes
 * later, the JVM replays all retransform-capable transformers from the original bytes, and poolguard's
 * rewrite must be part of that replay or it would silently vanish.
 */
final class JdkClassTransformer implements ClassFileTransformer {
    private final Map<String, ClassRewriter> rewriters = new LinkedHashMap<>();
    private final Map<String, String> outcomes = new ConcurrentHashMap<>();

    JdkClassTransformer(List<ClassRewriter> all) {
        for (ClassRewriter rewriter : all) {
            rewriters.put(rewriter.className(), rewriter);
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) {
        if (loader != null || className == null) {
            return null;
        }
        ClassRewriter rewriter = rewriters.get(className);
        if (rewriter == null) {
            return null;
        }
        try {
            byte[] rewritten = rewriter.apply(classFile);
            outcomes.put(className, "ok");
            return rewritten;
        } catch (Throwable failure) {
            outcomes.put(className, String.valueOf(failure.getMessage() != null ? failure.getMessage() : failure));
            return null;
        }
    }

    /** Internal names of the classes this transformer handles, in installation order. */
    List<String> classNames() {
        return List.copyOf(rewriters.keySet());
    }

    /** "ok", or why the class was left alone; null if the JVM never offered it. */
    String outcome(String className) {
        return outcomes.get(className);
    }
}
