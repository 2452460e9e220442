package dev.poolguard.agent.install;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Adds the transformer, retransform-capable (another agent's retransformation replays it), and rewrites
     * the Guava classes already loaded: none at start-up, but those of a running JVM poolguard is attached
     * to. One pass over the loaded classes' names.
     */
    static void install(Instrumentation instrumentation, Consumer<String> log) {
        GuavaTransformer transformer = new GuavaTransformer(log);
        instrumentation.addTransformer(transformer, true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            String name = type.getName();
            if ((name.endsWith(GuavaLayout.ABSTRACT_FUTURE) || name.endsWith(GuavaLayout.STATE))
                    && type.getClassLoader() != null && GuavaLayout.candidate(name.replace('.', '/'))
                    && instrumentation.isModifiableClass(type)) {
                loaded.add(type);
            }
        }
        if (!loaded.isEmpty()) {
            try {
                instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
            } catch (Throwable refused) {
                transformer.sayOnce("the JVM refused to rewrite the Guava already loaded (" + refused
                        + "), so waits on its futures take no part in deadlock detection; the application runs normally");
            }
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) {
        if (loader == null || className == null || !GuavaLayout.candidate(className)) {
            return null;
        }
        try {
            GuavaLayout.Result result = GuavaLayout.apply(className, classFile);
            if (result.outcome() == GuavaLayout.Outcome.NOT_UNDERSTOOD) {
                sayOnce("Guava's futures in " + where(protectionDomain) + " are shaped as no version poolguard"
                        + " knows (it understands Guava 25.1 to 33.8.0), so waits on them take no part in deadlock"
                        + " detection; the application runs normally. " + result.why());
            }
            return result.rewritten();
        } catch (Throwable failure) {
            return null; // the class loads as it is
        }
    }

    private void sayOnce(String message) {
        if (told.compareAndSet(false, true)) {
            log.accept(message);
        }
    }

    private static String where(ProtectionDomain domain) {
        CodeSource source = domain == null ? null : domain.getCodeSource();
        return source == null || source.getLocation() == null ? "an unknown jar" : String.valueOf(source.getLocation());
    }
}
