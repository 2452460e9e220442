package dev.poolguard.agent.report;

import java.util.ArrayList;
import java.util.List;

/** Stack frames in the report's form: {@code class.method(File:line)}. */
public final class Frames {
    private Frames() {
    }

    public static List<String> of(StackTraceElement[] stack) {
        List<String> frames = new ArrayList<>(stack.length);
        for (StackTraceElement frame : stack) {
            frames.add(format(frame));
        }
        return frames;
    }

    public static String format(StackTraceElement frame) {
        String where;
        if (frame.isNativeMethod()) {
            where = "Native Method";
        } else if (frame.getFileName() == null) {
            where = "Unknown Source";
        } else if (frame.getLineNumber() >= 0) {
            where = frame.getFileName() + ":" + frame.getLineNumber();
        } else {
            where = frame.getFileName();
        }
        return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
    }
}
