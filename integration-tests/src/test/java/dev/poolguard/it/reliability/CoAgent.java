package dev.poolguard.it.reliability;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicLong;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * A second Java agent for {@link CoexistenceIT}, the way monitoring agents are commonly written: plain
 * (unrelocated) ByteBuddy, {@code AgentBuilder} with retransformation, and inlined {@code Advice} on the
 * very class poolguard rewrites, {@code ThreadPoolExecutor}: {@code execute} and {@code runWorker} (the
 * method poolguard adds a local to; entries and exits) are counted. The counters live in the system properties as
 * {@code AtomicLong}s (inlined advice in java.base can only use JDK types), where the application reads them.
 * Packed into a jar at test time by {@link CoAgentJar}.
 */
public final class CoAgent {
    static final String EXECUTES = "coagent.execute";
    static final String RUN_WORKERS = "coagent.runWorker";
    static final String RUN_WORKER_EXITS = "coagent.runWorkerExits";

    private CoAgent() {}

    public static void premain(String args, Instrumentation instrumentation) {
        System.getProperties().put(EXECUTES, new AtomicLong());
        System.getProperties().put(RUN_WORKERS, new AtomicLong());
        System.getProperties().put(RUN_WORKER_EXITS, new AtomicLong());
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                .with(AgentBuilder.Listener.StreamWriting.toSystemError().withErrorsOnly())
                .ignore(nameStartsWith("net.bytebuddy."))
                .type(named("java.util.concurrent.ThreadPoolExecutor"))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(Advice.to(CountExecute.class).on(named("execute")))
                        .visit(Advice.to(CountRunWorker.class).on(named("runWorker"))))
                .installOn(instrumentation);
        System.err.println("coagent: installed");
    }

    /** Reads a counter (for the application). */
    public static long count(String name) {
        Object counter = System.getProperties().get(name);
        return counter instanceof AtomicLong ? ((AtomicLong) counter).get() : -1;
    }

    static final class CountExecute {
        @Advice.OnMethodEnter
        static void enter() {
            Object counter = System.getProperties().get("coagent.execute");
            if (counter instanceof AtomicLong) {
                ((AtomicLong) counter).incrementAndGet();
            }
        }
    }

    static final class CountRunWorker {
        @Advice.OnMethodEnter
        static void enter() {
            Object counter = System.getProperties().get("coagent.runWorker");
            if (counter instanceof AtomicLong) {
                ((AtomicLong) counter).incrementAndGet();
            }
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit() {
            Object counter = System.getProperties().get("coagent.runWorkerExits");
            if (counter instanceof AtomicLong) {
                ((AtomicLong) counter).incrementAndGet();
            }
        }
    }
}
