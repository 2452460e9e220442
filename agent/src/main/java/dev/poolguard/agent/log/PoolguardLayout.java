package dev.poolguard.agent.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;

/**
 * {@code [poolguard] LEVEL message} (each further line of the message prefixed too), then the throwable if any. Hand-written rather than a
 * {@code PatternLayout}: the pattern parser alone loads a hundred classes, and this layout never changes.
 */
public final class PoolguardLayout extends LayoutBase<ILoggingEvent> {
    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        // every line carries the prefix, so a multi-line summary stays greppable
        String message = event.getFormattedMessage().replace("\r\n", "\n")
                .replace("\n", CoreConstants.LINE_SEPARATOR + "[poolguard] ");
        line.append("[poolguard] ").append(event.getLevel()).append(' ').append(message)
                .append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy error = event.getThrowableProxy();
        while (error != null) {
            line.append("[poolguard]   ").append(error.getClassName()).append(": ").append(error.getMessage())
                    .append(CoreConstants.LINE_SEPARATOR);
            for (StackTraceElementProxy frame : error.getStackTraceElementProxyArray()) {
                line.append("[poolguard]     at ").append(frame.getStackTraceElement())
                        .append(CoreConstants.LINE_SEPARATOR);
            }
            error = error.getCause();
        }
        return line.toString();
    }
}
