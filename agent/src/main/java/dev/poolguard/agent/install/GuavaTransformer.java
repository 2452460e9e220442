package dev.poolguard.agent.install;

import java.lang.instrument.ClassFileTransformer;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Rewrites Guava's future wait ({@link GuavaLayout}) when an application loader loads it; poolguard never
 * depends on Guava, and a JVM without it pays one name check per class loaded. The rewritten code calls
 * {@code PoolguardHooks}, which is on the boot class path and so visible from every loader. A Guava shaped
 * as no version poolguard knows is left as it is, and said once in the log: its waits are then simply
 * not seen, never a failure.
 */
final class GuavaTransformer implements ClassFileTransformer {
    private final Consumer<String> log;
    private final AtomicBoolean told = new AtomicBoolean();

    /** {@code log}: says a line once, at WARN. */
    GuavaTransformer(Consumer<String> log) {
        this.log = log;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) {
        if (loader == null || className == null || !GuavaLayout.candidate(className)) {
            return null;
        }
        try {
            GuavaLayout.Result result = GuavaLayout.apply(className, classFile);
            if (result.outcome() == GuavaLayout.Outcome.NOT_UNDERSTOOD && told.compareAndSet(false, true)) {
                log.accept("Guava's futures in " + where(protectionDomain) + " are shaped as no version poolguard"
                        + " knows (it understands Guava 31.0 to 33.8), so waits on them take no part in deadlock"
                        + " detection; the application runs normally. " + result.why());
            }
            return result.rewritten();
        } catch (Throwable failure) {
            return null; // the class loads as it is
        }
    }

    private static String where(ProtectionDomain domain) {
        CodeSource source = domain == null ? null : domain.getCodeSource();
        return source == null || source.getLocation() == null ? "an unknown jar" : String.valueOf(source.getLocation());
    }
}
