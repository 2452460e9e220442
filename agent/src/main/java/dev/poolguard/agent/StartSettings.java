package dev.poolguard.agent;

import java.io.IOException;
import java.nio.file.Path;

import dev.poolguard.agent.log.AgentLog;
import dev.poolguard.agent.options.Option;
import dev.poolguard.agent.options.OptionException;
import dev.poolguard.agent.options.Options;
import dev.poolguard.agent.report.ReportFile;

/**
 * What {@code premain} and {@code attach --watch} read before they start the agent: the options (agent
 * argument over system properties), the report file opened, and a {@code logConfig} applied. Bad input
 * is one {@link OptionException} naming what was wrong; each caller says it its own way.
 *
 * @param report null when no report was asked for
 */
record StartSettings(Options options, ReportFile report) {
    static StartSettings read(String argument) throws OptionException {
        Options options = Options.parse(argument, System.getProperties());
        // ProcessHandle only when a report is asked for: its set-up starts the JDK's process-reaper
        // machinery (lambdas, an executor, ThreadLocalRandom), some 40 classes no other run needs
        String reportPath = options.get(Option.REPORT) == null ? null
                : options.reportPath(ProcessHandle.current().pid());
        ReportFile report = null;
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
        return new StartSettings(options, report);
    }
}
