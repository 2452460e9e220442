package dev.poolguard.agent.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class AttachCommandTest {
    @Test
    void parsesPidReportAndWatch() {
        AttachCommand.Request plain = AttachCommand.parse(List.of("42"));
        assertEquals(42, plain.pid());
        assertNull(plain.report());
        assertNull(plain.watch());
        assertEquals(Path.of("r.jsonl"), AttachCommand.parse(List.of("42", "--report", "r.jsonl")).report());
        assertEquals("", AttachCommand.parse(List.of("42", "--watch")).watch());
        assertEquals("deadlock=fail", AttachCommand.parse(List.of("--watch", "deadlock=fail", "42")).watch());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> AttachCommand.parse(List.of()));
        assertThrows(IllegalArgumentException.class, () -> AttachCommand.parse(List.of("x")));
        assertThrows(IllegalArgumentException.class, () -> AttachCommand.parse(List.of("-1")));
        assertThrows(IllegalArgumentException.class, () -> AttachCommand.parse(List.of("1", "2")));
        assertThrows(IllegalArgumentException.class, () -> AttachCommand.parse(List.of("1", "--report")));
        assertThrows(IllegalArgumentException.class, () -> AttachCommand.parse(List.of("1", "--verbose")));
        assertThrows(IllegalArgumentException.class, () -> AttachCommand.parse(List.of("1", "--watch", "grace=forever")));
        assertThrows(IllegalArgumentException.class,
                () -> AttachCommand.parse(List.of("1", "--watch", "deadlock=fail", "--report", "r")));
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AttachCommand.run(List.of("--watch", "nosuch=1", "1"), new PrintStream(out), new PrintStream(err));
        assertEquals(AttachCommand.CANNOT_LOOK, exit);
        assertEquals(0, out.size());
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("poolguard attach: --watch nosuch=1: "), text);
    }

    @Test
    void agentArgsRoundTripAndForeignArgumentsAreIgnored() {
        AgentArgs args = new AgentArgs(AgentArgs.WATCH, "/tmp/x/answer.json", "deadlock=fail,grace=1s");
        assertEquals(args, AgentArgs.decode(args.encode()));
        assertNull(AgentArgs.decode("report=r.jsonl"));
        assertNull(AgentArgs.decode(null));
    }

    @Test
    void javaVersionsAreReadAsFeatureNumbers() {
        assertEquals(8, AttachClient.feature("1.8"));
        assertEquals(17, AttachClient.feature("17"));
        assertEquals(25, AttachClient.feature("25"));
        assertEquals(0, AttachClient.feature("?"));
    }
}
