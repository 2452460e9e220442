package dev.poolguard.agent;

import java.lang.instrument.Instrumentation;

import dev.poolguard.agent.install.BootstrapInjector;
import dev.poolguard.agent.log.AgentLog;
import dev.poolguard.agent.options.OptionException;

/**
 * {@code -javaagent} entry point. Bad input stops the JVM before {@code main} with one line and exit
 * status 1; any other failure to start leaves the application running without poolguard, said once.
 *
 * <p>This class must not mention boot-runtime types: they do not exist until
 * {@link BootstrapInjector#inject} defined them.
 */
public final class PoolguardAgent {
    private PoolguardAgent() {
    }

    /**
     * Never throws: a premain that throws makes the JVM print assertion failures and start the
     * application without the agent anyway. Runs privileged, so that under a SecurityManager the
     * agent needs only its own jar's permissions (see README, "Security manager").
     */
    @SuppressWarnings("removal") // AccessController: the SecurityManager's API, still present on 25
    public static void premain(String argument, Instrumentation instrumentation) {
        try {
            // a class, not a lambda: a lambda here would be the agent's first invokedynamic, spun at start-up
            java.security.AccessController.doPrivileged(new java.security.PrivilegedAction<Void>() {
                @Override
                public Void run() {
                    start(argument, instrumentation);
                    return null;
                }
            });
        } catch (Throwable failure) {
            notStarted(failure);
        }
    }

    /**
     * Entry point when the {@code attach} command loads the jar into a running JVM. Prints nothing in
     * the target: everything, failures included, goes back to the command through the file it named.
     */
    public static void agentmain(String argument, Instrumentation instrumentation) {
        dev.poolguard.agent.attach.AgentArgs args = dev.poolguard.agent.attach.AgentArgs.decode(argument);
        if (args == null) {
            return; // not loaded by the attach command (a bare VirtualMachine.loadAgent): nothing asked, nothing done
        }
        try {
            dev.poolguard.agent.attach.AttachEntry.run(args, instrumentation, DynamicStart::install);
        } catch (Throwable ignored) {
            // AttachEntry never throws; and a target must not hear of it if it did
        }
    }

    private static void start(String argument, Instrumentation instrumentation) {
        StartSettings settings;
        try {
            settings = StartSettings.read(argument);
        } catch (OptionException bad) {
            System.err.println("poolguard: " + bad.getMessage());
            System.exit(1);
            return;
        }
        try {
            BootstrapInjector.inject(instrumentation);
            Starter.start(instrumentation, settings.options(), settings.report(), version());
            AgentLog.warmUpInBackground(new dev.poolguard.agent.report.ExitLineRehearsal());
        } catch (Throwable failure) {
            notStarted(failure);
        }
    }

    /** Says once why poolguard is not running; the application starts as it would without it. */
    private static void notStarted(Throwable failure) {
        String hint = failure instanceof SecurityException || failure.getCause() instanceof SecurityException
                ? " (a security manager denies it: grant the agent jar java.security.AllPermission in the policy)"
                : "";
        try {
            System.err.println("[poolguard] ERROR could not start, the application runs without poolguard: "
                    + failure + hint);
        } catch (Throwable ignored) {
            // nothing left to say it with
        }
    }

    static String version() {
        String version = PoolguardAgent.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
