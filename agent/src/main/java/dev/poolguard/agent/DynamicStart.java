package dev.poolguard.agent;

import java.lang.instrument.Instrumentation;

import dev.poolguard.agent.install.BootstrapInjector;
import dev.poolguard.agent.log.AgentLog;
import dev.poolguard.agent.options.OptionException;

/**
 * {@code attach PID --watch OPTIONS}: the {@code -javaagent} start, in a JVM that is already running.
 * Unlike {@code premain}, bad input never stops the JVM: it is the answer to the command, which says it.
 * Like {@link PoolguardAgent}, it names no boot-runtime type until the runtime is defined.
 */
final class DynamicStart {
    private DynamicStart() {
    }

    /** Returns null once installed, else the one line the command prints. */
    static String install(String argument, Instrumentation instrumentation) {
        if (BootstrapInjector.isDefined()) {
            return "poolguard is already running in this JVM (started with -javaagent, or by an earlier attach --watch)";
        }
        StartSettings settings;
        try {
            settings = StartSettings.read(argument);
        } catch (OptionException bad) {
            return "poolguard: " + bad.getMessage();
        }
        try {
            BootstrapInjector.inject(instrumentation);
            Starter.start(instrumentation, settings.options(), settings.report(), PoolguardAgent.version());
            Starter.adopt(instrumentation);
            AgentLog.warmUpInBackground(new dev.poolguard.agent.report.ExitLineRehearsal());
            return null;
        } catch (Throwable failure) {
            return "could not install poolguard in the target: " + failure;
        }
    }
}
