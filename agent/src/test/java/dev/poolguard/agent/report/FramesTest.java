package dev.poolguard.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FramesTest {

    @ParameterizedTest(name = "{0}.{1}({2}:{3}) -> {4}")
    @CsvSource(nullValues = "NULL", value = {
            "com.acme.Worker, run, Worker.java, 42, com.acme.Worker.run(Worker.java:42)",
            "com.acme.Worker, <init>, Worker.java, 7, com.acme.Worker.<init>(Worker.java:7)",
            "com.acme.Worker$1, lambda$run$0, Worker.java, 0, com.acme.Worker$1.lambda$run$0(Worker.java:0)",
            "java.lang.Object, wait, Object.java, -2, java.lang.Object.wait(Native Method)",
            "java.lang.Object, wait, NULL, -2, java.lang.Object.wait(Native Method)",
            "com.acme.Gen, call, NULL, 12, com.acme.Gen.call(Unknown Source)",
            "com.acme.Gen, call, NULL, -1, com.acme.Gen.call(Unknown Source)",
            "com.acme.NoLines, call, NoLines.java, -1, com.acme.NoLines.call(NoLines.java)",
    })
    void formatsAFrame(String type, String method, String file, int line, String expected) {
        assertEquals(expected, Frames.format(new StackTraceElement(type, method, file, line)));
    }

    @Test
    void leavesOutModuleAndLoaderNames() {
        StackTraceElement frame = new StackTraceElement("app", "java.base", "17.0.15", "java.lang.Thread", "run",
                "Thread.java", 833);
        assertTrue(frame.toString().contains("java.base"), "the JDK's own form names the module");
        assertEquals("java.lang.Thread.run(Thread.java:833)", Frames.format(frame));
    }

    @Test
    void keepsEveryFrameInOrder() {
        StackTraceElement[] stack = {
                new StackTraceElement("a.A", "one", "A.java", 1),
                new StackTraceElement("b.B", "two", null, -1),
                new StackTraceElement("c.C", "three", "C.java", -2),
        };
        assertEquals(List.of("a.A.one(A.java:1)", "b.B.two(Unknown Source)", "c.C.three(Native Method)"),
                Frames.of(stack));
        assertEquals(List.of(), Frames.of(new StackTraceElement[0]));
    }

    @Test
    void formatsARealStack() {
        StackTraceElement[] stack = new Throwable().getStackTrace();
        assertTrue(stack[0].getLineNumber() > 0);
        assertEquals("dev.poolguard.agent.report.FramesTest.formatsARealStack(FramesTest.java:"
                + stack[0].getLineNumber() + ")", Frames.of(stack).get(0));
    }
}
