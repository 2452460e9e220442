package dev.poolguard.agent.attach;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SnapshotJsonTest {
    @Test
    void aSnapshotTravelsUnchanged() {
        Snapshot before = new SnapshotTable()
                .thread(1, "main", 10L)
                .worker(2, "w-1", "p", true, 11L)
                .future(10, 2L, null)
                .future(11, null, "p")
                .pool("p", 1, 1, 1, false, 1, 2L)
                .build();
        Snapshot after = SnapshotJson.read(SnapshotJson.write(before));
        assertEquals(before.pools(), after.pools());
        assertEquals(before.futures(), after.futures());
        assertEquals(before.threads().size(), after.threads().size());
        for (int i = 0; i < before.threads().size(); i++) {
            assertEquals(before.threads().get(i).name(), after.threads().get(i).name());
            assertEquals(before.threads().get(i).awaits(), after.threads().get(i).awaits());
            assertEquals(before.threads().get(i).pool(), after.threads().get(i).pool());
            assertArrayEquals(before.threads().get(i).stack(), after.threads().get(i).stack());
        }
        assertEquals(SnapshotAnalysis.deadlocks(before).get(0).summary(), SnapshotAnalysis.deadlocks(after).get(0).summary());
    }
}
