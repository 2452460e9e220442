package dev.poolguard.agent.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jdk.jfr.Configuration;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.poolguard.agent.events.ShutdownEvents;
import dev.poolguard.agent.events.WaitEvents;
import dev.poolguard.bootstrap.waits.DeadlockReport;
import dev.poolguard.bootstrap.waits.DeadlockReport.PoolInfo;
import dev.poolguard.bootstrap.waits.DeadlockReport.ThreadInfo;
import dev.poolguard.bootstrap.waits.RiskReport;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary.InFlightTask;
import dev.poolguard.bootstrap.shutdown.ShutdownSummary.QueuedTask;
import dev.poolguard.bootstrap.shutdown.ShutdownTrigger;
import dev.poolguard.bootstrap.stalls.StallReport;

/** Every poolguard JFR event, emitted into an in-process recording and read back from its file. */
class JfrEventsTest {
    static final StackTraceElement[] STACK = {
            new StackTraceElement("java.util.concurrent.FutureTask", "get", "FutureTask.java", 190),
            new StackTraceElement("com.example.Orders", "load", "Orders.java", 35),
    };

    @TempDir
    Path dir;

    @AfterEach
    void tryJfrAgain() {
        JfrEvents.reset();
    }

    @Test
    void everyEventWithTheFieldsOfItsReportEvent() throws Exception {
        Map<String, RecordedEvent> events = record(() -> {
            JfrEvents.emit(WaitEvents.DEADLOCK, new DeadlockReport("STARVATION", true,
                    List.of(new ThreadInfo("w-1", "ThreadPoolExecutor#1(w-)", "FutureTask@1", "FutureTask@2", STACK),
                            new ThreadInfo("main", null, null, "FutureTask@1", STACK)),
                    List.of(new PoolInfo("ThreadPoolExecutor#1(w-)", "java.util.concurrent.ThreadPoolExecutor", 1, 1, 1))));
            JfrEvents.emit(WaitEvents.RISK, new RiskReport("SAME_POOL_WAIT", "ThreadPoolExecutor#2(io-)", "io-1",
                    "com.example.Orders.load(Orders.java:35)", "FutureTask@3", STACK));
            JfrEvents.emit(WaitEvents.STALL, new StallReport("ThreadPoolExecutor#3(gate-)", 1, 640, List.of(
                    new StallReport.Worker("gate-1", "FutureTask@5", "a CountDownLatch (count 1), at com.example.Gate.pass(Gate.java:9)", STACK),
                    new StallReport.Worker("gate-2", null, "a sleep (Thread.sleep), at com.example.Orders.load(Orders.java:35)",
                            new StackTraceElement[0]))));
            JfrEvents.emit(ShutdownEvents.START, new ShutdownEvents.Start(ShutdownTrigger.SIGNAL, 143));
            JfrEvents.emit(ShutdownEvents.SPAWN_BLOCKED, new ShutdownEvents.SpawnBlocked("ThreadPoolExecutor#1(w-)", "w-1", STACK));
            JfrEvents.emit(ShutdownEvents.END, new ShutdownSummary(1234, true, 3, 2,
                    List.of(new InFlightTask("ThreadPoolExecutor#1(w-)", "w-1", "Sleeper@9", STACK)),
                    List.of(new QueuedTask("ThreadPoolExecutor#1(w-)", "Queued@3"),
                            new QueuedTask("ThreadPoolExecutor#2(io-)", "Queued@4"))));
        });
        assertEquals(6, events.size(), events::toString);

        RecordedEvent deadlock = events.get("poolguard.Deadlock");
        assertEquals("STARVATION", deadlock.getString("kind"));
        assertTrue(deadlock.getBoolean("timed"));
        assertEquals("thread 'w-1' of pool ThreadPoolExecutor#1(w-) runs FutureTask@1 waits for FutureTask@2\n"
                + "  at java.util.concurrent.FutureTask.get(FutureTask.java:190)\n"
                + "  at com.example.Orders.load(Orders.java:35)\n"
                + "thread 'main' (not a pool thread) waits for FutureTask@1\n"
                + "  at java.util.concurrent.FutureTask.get(FutureTask.java:190)\n"
                + "  at com.example.Orders.load(Orders.java:35)", deadlock.getString("threads"));
        assertEquals("pool ThreadPoolExecutor#1(w-) (java.util.concurrent.ThreadPoolExecutor): 1 of at most 1 workers,"
                + " 1 tasks queued", deadlock.getString("pools"));

        RecordedEvent risk = events.get("poolguard.Risk");
        assertEquals("SAME_POOL_WAIT", risk.getString("kind"));
        assertEquals("ThreadPoolExecutor#2(io-)", risk.getString("pool"));
        assertEquals("io-1", risk.getString("thread"));
        assertEquals("com.example.Orders.load(Orders.java:35)", risk.getString("site"));
        assertEquals("FutureTask@3", risk.getString("waitsFor"));
        assertEquals("java.util.concurrent.FutureTask.get(FutureTask.java:190)\ncom.example.Orders.load(Orders.java:35)",
                risk.getString("stack"));

        RecordedEvent stall = events.get("poolguard.Stall");
        assertEquals("ThreadPoolExecutor#3(gate-)", stall.getString("pool"));
        assertEquals(1, stall.getInt("queued"));
        assertEquals(Duration.ofMillis(640), stall.getDuration("oldestQueuedMillis"));
        assertEquals("thread 'gate-1' runs FutureTask@5 blocked on a CountDownLatch (count 1), at com.example.Gate.pass(Gate.java:9)\n"
                + "  at java.util.concurrent.FutureTask.get(FutureTask.java:190)\n"
                + "  at com.example.Orders.load(Orders.java:35)\n"
                + "thread 'gate-2' blocked on a sleep (Thread.sleep), at com.example.Orders.load(Orders.java:35)",
                stall.getString("threads"));

        RecordedEvent start = events.get("poolguard.ShutdownStart");
        assertEquals("SIGNAL", start.getString("trigger"));
        assertEquals("143", start.getString("status"));

        RecordedEvent blocked = events.get("poolguard.SpawnBlocked");
        assertEquals("ThreadPoolExecutor#1(w-)", blocked.getString("pool"));
        assertEquals("w-1", blocked.getString("thread"));
        assertTrue(blocked.getString("stack").endsWith("com.example.Orders.load(Orders.java:35)"));

        RecordedEvent end = events.get("poolguard.ShutdownEnd");
        assertEquals(Duration.ofMillis(1234), end.getDuration("drainMillis"));
        assertTrue(end.getBoolean("graceExpired"));
        assertEquals(3, end.getInt("spawnsBlocked"));
        assertEquals(2, end.getInt("rejected"));
        assertEquals(3, end.getInt("undone"));
        assertEquals("still running in ThreadPoolExecutor#1(w-) on thread 'w-1': Sleeper@9\n"
                + "  at java.util.concurrent.FutureTask.get(FutureTask.java:190)\n"
                + "  at com.example.Orders.load(Orders.java:35)", end.getString("inFlight"));
        assertEquals("queued in ThreadPoolExecutor#1(w-), never started: Queued@3\n"
                + "queued in ThreadPoolExecutor#2(io-), never started: Queued@4",
                end.getString("queuedNeverRun"));
        for (RecordedEvent event : events.values()) {
            assertEquals("poolguard", event.getEventType().getCategoryNames().get(0), event::toString);
            assertNull(event.getStackTrace(), "the stacks that matter are in the fields");
        }
    }

    @Test
    void unknownStatusIsNull() throws Exception {
        Map<String, RecordedEvent> events = record(() -> JfrEvents.emit(ShutdownEvents.START, new ShutdownEvents.Start(ShutdownTrigger.LAST_THREAD, null)));
        assertEquals("LAST_THREAD", events.get("poolguard.ShutdownStart").getString("trigger"));
        assertNull(events.get("poolguard.ShutdownStart").getString("status"));
    }

    @Test
    void withNoRecordingNothingIsBuilt() {
        assertTrue(FlightRecorder.getFlightRecorder().getRecordings().stream()
                .noneMatch(r -> r.getState() == jdk.jfr.RecordingState.RUNNING), "no recording runs in this test");
        Untouchable<ThreadInfo> threads = new Untouchable<>();
        Untouchable<PoolInfo> pools = new Untouchable<>();
        JfrEvents.emit(WaitEvents.DEADLOCK, new DeadlockReport("CYCLE", false, threads, pools));
        Untouchable<InFlightTask> inFlight = new Untouchable<>();
        JfrEvents.emit(ShutdownEvents.END, new ShutdownSummary(0, false, 0, 0, inFlight, new Untouchable<>()));
        assertFalse(threads.touched || pools.touched || inFlight.touched, "no text was built for a recording nobody runs");
        assertTrue(JfrEvents.available());
    }

    @Test
    void disabledEventBuildsNothingWhileARecordingRuns() throws Exception {
        Untouchable<ThreadInfo> threads = new Untouchable<>();
        try (Recording recording = new Recording()) {
            recording.enable("poolguard.Risk");
            recording.disable("poolguard.Deadlock");
            recording.start();
            JfrEvents.emit(WaitEvents.DEADLOCK, new DeadlockReport("CYCLE", false, threads, List.of()));
            recording.stop();
        }
        assertFalse(threads.touched);
    }

    @Test
    void aMissingJfrModuleSwitchesEventsOffForGood() throws Exception {
        JfrEvents.failed(new IllegalStateException("one event's bad luck"));
        assertTrue(JfrEvents.available(), "only a linkage error means JFR is missing");
        JfrEvents.failed(new NoClassDefFoundError("jdk/jfr/Event"));
        assertFalse(JfrEvents.available());
        Map<String, RecordedEvent> events = record(() -> JfrEvents.emit(ShutdownEvents.START, new ShutdownEvents.Start(ShutdownTrigger.EXIT, 0)));
        assertTrue(events.isEmpty(), "nothing is tried any more: " + events);
    }

    @Test
    void eventsAreKnownToTheRecorderWithTheirLabels() {
        FlightRecorder recorder = FlightRecorder.getFlightRecorder();
        JfrEvents.emit(ShutdownEvents.START, new ShutdownEvents.Start(ShutdownTrigger.EXIT, 0)); // the recorder is up: loads every event class
        Map<String, EventType> types = recorder.getEventTypes().stream()
                .filter(t -> t.getName().startsWith("poolguard."))
                .collect(Collectors.toMap(EventType::getName, Function.identity()));
        assertEquals(java.util.Set.of("poolguard.Deadlock", "poolguard.Risk", "poolguard.Stall", "poolguard.SpawnBlocked",
                "poolguard.ShutdownStart", "poolguard.ShutdownEnd"), types.keySet());
        assertEquals("Task Deadlock", types.get("poolguard.Deadlock").getLabel());
    }

    /** Runs {@code emit} in a recording with the default settings; the events by name (at most one each). */
    private Map<String, RecordedEvent> record(Runnable emit) throws IOException, ParseException {
        Path file = dir.resolve("events.jfr");
        try (Recording recording = new Recording(Configuration.getConfiguration("default"))) {
            recording.start();
            emit.run();
            recording.stop();
            recording.dump(file);
        }
        return RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith("poolguard."))
                .collect(Collectors.toMap(e -> e.getEventType().getName(), Function.identity()));
    }

    /** An empty list that remembers being read. */
    static final class Untouchable<T> extends AbstractList<T> {
        boolean touched;

        @Override
        public T get(int index) {
            touched = true;
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public int size() {
            touched = true;
            return 0;
        }

        @Override
        public Iterator<T> iterator() {
            touched = true;
            return super.iterator();
        }
    }
}
