package dev.poolguard.bench.compare;

/**
 * Waits (a little) for the machine to be quiet before each fork or child run: other builds on a two-core
 * machine distort a thread hand-off tenfold. Bounded per wait and in total; noisy JMH iterations and load
 * seconds are left out anyway, so going on when the machine stays busy costs accuracy, not correctness.
 */
final class QuietMachine {
    private final Settings settings;
    private long waitedMillis;

    QuietMachine(Settings settings) {
        this.settings = settings;
    }

    long waitedMillis() {
        return waitedMillis;
    }

    void await() {
        try {
            long start = System.nanoTime();
            boolean said = false;
            while (true) {
                double busy = Interference.busyCpus(500);
                if (busy < 0 || busy <= settings.noisyCpus) {
                    break;
                }
                long waited = (System.nanoTime() - start) / 1_000_000;
                if (waited > settings.quietWaitMillis || waitedMillis + waited > settings.quietWaitTotalMillis) {
                    Log.progress(Fmt.format("machine still busy (%.1f CPUs used by others); going on, noisy"
                            + " iterations will be left out", busy));
                    break;
                }
                if (!said) {
                    Log.progress(Fmt.format("other processes use %.1f CPUs; waiting for a quiet machine", busy));
                    said = true;
                }
            }
            waitedMillis += (System.nanoTime() - start) / 1_000_000;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
