package dev.poolguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Assertions shared by the IT classes: the child's exit, its output, and the shape of the shutdown events.
 * Every failure message carries the child's whole output and report.
 */
public final class Checks {
    private Checks() {}

    /** The child ended by itself (not killed by the safety-net timeout) with this status. */
    public static void exitStatus(ChildJvm.Result r, int expected) {
        assertFalse(r.timedOut(), () -> "child did not end within its timeout\n" + r.describe());
        assertEquals(expected, r.exitCode(), () -> "exit status\n" + r.describe());
    }

    public static void printed(ChildJvm.Result r, String line) {
        assertTrue(r.printed(line), () -> "expected the line '" + line + "' on stdout\n" + r.describe());
    }

    public static void notPrinted(ChildJvm.Result r, String line) {
        assertFalse(r.printed(line), () -> "did not expect the line '" + line + "' on stdout\n" + r.describe());
    }

    /**
     * No stack trace on stderr: no frame line ({@code \tat ...}), no "Caused by", no line naming an
     * exception or a fatal JVM error (the {@code poolguard:} line itself may say anything).
     */
    public static void noStackTrace(ChildJvm.Result r) {
        for (String line : r.stderrLines()) {
            if (line.startsWith("poolguard:")) continue;
            boolean trace = line.startsWith("\tat ") || line.matches("\\s+at \\S+\\(.*\\)")
                    || line.startsWith("Caused by:") || line.contains("Exception")
                    || line.contains("FATAL ERROR") || line.startsWith("*** java.lang.instrument");
            assertFalse(trace, () -> "stack trace or exception on stderr: '" + line + "'\n" + r.describe());
        }
    }

    /**
     * The agent rejected its input: status 1, exactly one stderr line starting with {@code poolguard:} that
     * contains one of {@code mentions}, no stack trace, and the program's main never ran.
     */
    public static void badInput(ChildJvm.Result r, String... mentions) {
        exitStatus(r, 1);
        List<String> lines = r.stderrStartingWith("poolguard:");
        assertEquals(1, lines.size(), () -> "expected exactly one 'poolguard:' line on stderr\n" + r.describe());
        String line = lines.get(0);
        boolean named = false;
        for (String m : mentions) named |= line.contains(m);
        assertTrue(named, () -> "the 'poolguard:' line names none of " + List.of(mentions) + ": " + line
                + "\n" + r.describe());
        noStackTrace(r);
        notPrinted(r, "MAIN RAN");
    }

    /**
     * The common shape of a report of a shutdown the agent handled: agent-start first, exactly one
     * shutdown-start and one shutdown-end, shutdown-end last, all required fields typed as the contract
     * says, and {@code spawnsBlocked} equal to the number of spawn-blocked events.
     *
     * @return the shutdown-end event
     */
    public static Map<String, Object> shutdownShape(Report report) {
        List<String> kinds = report.kinds();
        if (kinds.isEmpty() || !kinds.get(0).equals("agent-start")) {
            throw report.failure("the first event must be agent-start: " + kinds);
        }
        Map<String, Object> start = report.single("shutdown-start");
        Map<String, Object> end = report.single("shutdown-end");
        if (!kinds.get(kinds.size() - 1).equals("shutdown-end")) {
            throw report.failure("shutdown-end must be the last event: " + kinds);
        }
        if (kinds.indexOf("shutdown-start") > kinds.indexOf("shutdown-end")) {
            throw report.failure("shutdown-start must come before shutdown-end: " + kinds);
        }
        String trigger = report.string(start, "trigger");
        if (!List.of("EXIT", "SIGNAL", "LAST_THREAD", "UNKNOWN").contains(trigger)) {
            throw report.failure("unknown trigger " + trigger);
        }
        Object status = report.field(start, "status");
        if (status != null && !(status instanceof Long)) {
            throw report.failure("shutdown-start.status is neither a number nor null: " + status);
        }
        Object drain = report.field(end, "drainMillis");
        if (!(drain instanceof Long) && !(drain instanceof Double)) {
            throw report.failure("shutdown-end.drainMillis is not a number: " + drain);
        }
        long spawnsBlocked = report.number(end, "spawnsBlocked");
        report.number(end, "rejected");
        for (Map<String, Object> task : report.objects(end, "inFlight")) {
            report.string(task, "pool");
            report.string(task, "thread");
            report.string(task, "task");
            report.strings(task, "stack");
        }
        for (Map<String, Object> task : report.objects(end, "queuedNeverRun")) {
            report.string(task, "pool");
            report.string(task, "task");
        }
        List<Map<String, Object>> blocked = report.events("spawn-blocked");
        for (Map<String, Object> b : blocked) {
            report.string(b, "pool");
            report.string(b, "thread");
            report.strings(b, "stack");
        }
        if (spawnsBlocked != blocked.size()) {
            throw report.failure("shutdown-end.spawnsBlocked is " + spawnsBlocked + " but the report has "
                    + blocked.size() + " spawn-blocked events");
        }
        return end;
    }

    /** shutdown-start has this trigger and status (null: no status). */
    public static void shutdownStart(Report report, String trigger, Integer status) {
        Map<String, Object> start = report.single("shutdown-start");
        if (!trigger.equals(report.string(start, "trigger"))) {
            throw report.failure("shutdown-start.trigger: expected " + trigger + " in " + start);
        }
        Object actual = report.field(start, "status");
        Object expected = status == null ? null : Long.valueOf(status);
        if (!Objects.equals(expected, actual)) {
            throw report.failure("shutdown-start.status: expected " + expected + " in " + start);
        }
    }

    /** Nothing left undone: shutdown-end lists no in-flight and no queued task. */
    public static void nothingLeft(Report report) {
        Map<String, Object> end = report.single("shutdown-end");
        if (!report.objects(end, "inFlight").isEmpty() || !report.objects(end, "queuedNeverRun").isEmpty()) {
            throw report.failure("expected nothing in shutdown-end.inFlight/queuedNeverRun: " + end);
        }
    }

    /** The one element of {@code list} whose {@code task} contains {@code label}; fails if none or several. */
    public static Map<String, Object> taskNamed(Report report, List<Map<String, Object>> list, String label) {
        List<Map<String, Object>> found = list.stream()
                .filter(t -> String.valueOf(t.get("task")).contains(label)).toList();
        if (found.size() != 1) {
            throw report.failure("expected exactly one task described with '" + label + "', found "
                    + found.size() + " in " + list);
        }
        return found.get(0);
    }

    /** Some frame of the stack contains {@code fragment}. */
    public static void stackMentions(Report report, Map<String, Object> entry, String fragment) {
        List<String> stack = report.strings(entry, "stack");
        if (stack.stream().noneMatch(f -> f.contains(fragment))) {
            throw report.failure("no frame mentions '" + fragment + "' in " + entry);
        }
    }
}
