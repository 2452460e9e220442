package dev.poolguard.agent;

import java.lang.instrument.Instrumentation;

import dev.poolguard.agent.install.Installer;
import dev.poolguard.agent.options.Options;
import dev.poolguard.agent.report.ReportFile;

/**
 * The step after the boot runtime exists. A separate class so that {@link PoolguardAgent} links
 * without the runtime: the JVM resolves {@code Installer} (and the runtime types it names) only when
 * this method first runs.
 */
final class Starter {
    private Starter() {
    }

    static void start(Instrumentation instrumentation, Options options, ReportFile report, String version) {
        Installer.install(instrumentation, options, report, version);
    }

    /** {@code attach --watch}: takes over the workers that were running before the agent came. */
    static int adopt(Instrumentation instrumentation) throws Exception {
        return dev.poolguard.agent.install.Adoption.adoptLiveWorkers(instrumentation);
    }
}
