package dev.poolguard.bootstrap.stalls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The stall decision over samples, as a table. Each row is a run of one pool's samples with a stall time
 * of 500 ms: {@code T:HEAD:COMPLETED=STEP}, with T in milliseconds, HEAD a task's name ({@code -}: nothing
 * queued or due), COMPLETED the completed count ({@code ?}: not read, as when the head changed), and
 * STEP {@code W} (wait) or {@code L} (look at the workers). A token {@code R} says the look found a stall
 * and it was reported.
 */
class StallClockTest {
    private static final long MS = 1_000_000L;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "nothing queued never looks          | 0:-:?=W 500:-:?=W 1000:-:?=W 5000:-:?=W",
            "a head that stays looks at the stall time | 0:a:?=W 250:a:3=W 499:a:3=W 500:a:3=L 750:a:3=L",
            "a new head restarts the wait        | 0:a:?=W 400:b:?=W 800:b:5=W 900:b:5=L",
            "completed work restarts the wait    | 0:a:?=W 250:a:3=W 500:a:4=W 750:a:4=W 1000:a:4=L",
            "the first count read is not work    | 0:a:?=W 300:a:7=W 500:a:7=L",
            "an emptied queue restarts the wait  | 0:a:?=W 400:-:?=W 450:a:?=W 900:a:2=W 950:a:2=L",
            "reported once, until work starts    | 0:a:?=W 500:a:1=L R 750:a:1=W 5000:a:1=W 5250:b:?=W 5750:b:1=L R 6000:b:1=W",
            "work after a report rearms it       | 0:a:?=W 500:a:1=L R 750:a:2=W 1200:a:2=W 1250:a:2=L",
            "a head that looked but was not stalled looks again | 0:a:?=W 500:a:1=L 750:a:1=L 1000:a:1=L",
            "the same task queued again counts by its completed tasks | 0:a:?=W 250:a:1=W 500:a:2=W 750:a:3=W 1000:a:3=W 1250:a:3=L",
    })
    void samples(String name, String run) {
        StallClock clock = new StallClock(500 * MS);
        Map<String, Object> heads = new HashMap<>();
        StringBuilder seen = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (String token : run.trim().split("\\s+")) {
            if (token.equals("R")) {
                clock.reported();
                continue;
            }
            String[] parts = token.split("[:=]");
            long now = Long.parseLong(parts[0]) * MS + 7_000_000_000L; // nanoTime values are arbitrary
            Object head = parts[1].equals("-") ? null : heads.computeIfAbsent(parts[1], h -> new Object());
            long completed = parts[2].equals("?") ? StallClock.NOT_READ : Long.parseLong(parts[2]);
            StallClock.Step step = clock.sample(now, head, completed);
            seen.append(parts[0]).append('=').append(step == StallClock.Step.LOOK ? 'L' : 'W').append(' ');
            expected.append(parts[0]).append('=').append(parts[3]).append(' ');
        }
        assertEquals(expected.toString(), seen.toString(), name);
    }

    /**
     * A deadlock reported in a pool explains its stall until work is seen to start after it: reported
     * after the sample before the last one that saw work start (or before any work was seen).
     * Samples every 100 ms; work starts (a new head) at the given sample.
     */
    @ParameterizedTest(name = "work seen at {0} ms, deadlock at {1} ms: explained {2}")
    @CsvSource({
            "-1, 50, true",     // no work seen since the watch began: any deadlock of the pool explains it
            "-1, -5000, true",
            "300, 250, true",   // reported after the sample before the work (200): the work may predate it
            "300, 200, false",  // at that sample exactly: not after it
            "300, 150, false",  // before it: work started after the deadlock, so it is over
            "300, 350, true",
    })
    void deadlockExplainsAStallUntilWorkStartsAfterIt(long workAt, long deadlockAt, boolean explained) {
        StallClock clock = new StallClock(500 * MS);
        Object first = new Object();
        Object second = new Object();
        for (long t = 0; t <= 1000; t += 100) {
            clock.sample(t * MS, workAt >= 0 && t >= workAt ? second : first, t == 0 || t == workAt ? StallClock.NOT_READ : 1);
        }
        assertEquals(explained, clock.explainedBy(deadlockAt * MS));
    }

    @ParameterizedTest(name = "stall {0} ms -> every {1} ms")
    @CsvSource({"1, 10", "40, 10", "100, 25", "500, 125", "4000, 1000", "10000, 1000", "86400000, 1000"})
    void samplingInterval(long stallMillis, long intervalMillis) {
        assertEquals(intervalMillis * MS, StallWatch.intervalNanos(stallMillis * MS));
    }
}
