package dev.poolguard.it.programs.jfr;

import java.util.concurrent.TimeUnit;

import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;

/**
 * Makes JFR's dump on exit wait until the program's shutdown hook has had its spawn refused.
 *
 * <p>JFR dumps a recording on exit from a shutdown hook of its own, which runs at the same time as the
 * application's hooks: a spawn refused by another hook may come before or after the dump. But JFR ends
 * the recording's last chunk by running every periodic hook registered for {@code endChunk}, on the
 * thread that stops the recording, before the chunk is written. This one waits there (10 s at most) for
 * the refused spawn, once the program has called {@code System.exit}. Public JFR API only.
 */
final class DumpHold {
    private DumpHold() {}

    @Name("poolguard.it.DumpHold")
    @Label("Dump Hold (test)")
    @Period("endChunk")
    static final class Probe extends Event {
    }

    static void install() {
        FlightRecorder.addPeriodicEvent(Probe.class, () -> {
            if (JfrScenario.exiting) {
                try {
                    JfrScenario.SPAWN_REFUSED.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
    }
}
