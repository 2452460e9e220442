package dev.poolguard.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;

import dev.poolguard.agent.install.BootstrapInjector;
import dev.poolguard.agent.log.AgentLog;
import dev.poolguard.agent.options.OptionException;
import dev.poolguard.agent.options.Option;
import dev.poolguard.agent.options.Options;
import dev.poolguard.agent.report.ReportFile;

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
        Options options;
        ReportFile report = null;
        try {
            options = Options.parse(argument, System.getProperties());
            String reportPath = options.reportPath(ProcessHandle.current().pid());
            if (reportPath != null) {
                try {
                    report = ReportFile.open(Path.of(reportPath));
                } catch (IOException | RuntimeException e) {
                    throw new OptionException("cannot write the report file '" + reportPath + "' (option report): "
                            + e.getMessage());
                }
            }
            String logConfig = options.get(Option.LOG_CONFIG);
            if (logConfig != null) {
                String problem = AgentLog.configureFrom(Path.of(logConfig));
                if (problem != null) {
                    throw new OptionException(problem + " (option logConfig)");
                }
            }
        } catch (OptionException bad) {
            return "poolguard: " + bad.getMessage();
        }
        try {
            BootstrapInjector.inject(instrumentation);
            Starter.start(instrumentation, options, report, PoolguardAgent.version());
            Starter.adopt(instrumentation);
            AgentLog.warmUpInBackground(new dev.poolguard.agent.report.ExitLineRehearsal());
            return null;
        } catch (Throwable failure) {
            return "could not install poolguard in the target: " + failure;
        }
    }
}
