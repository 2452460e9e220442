package dev.poolguard.agent.log;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import org.slf4j.Logger;

/**
 * The agent's own log, in a Logback context of its own that it configures itself: the application's
 * {@code logback.xml} is never looked for (no {@code LoggerFactory}, no auto-configuration), and no
 * Logback shutdown hook is ever registered. Created on first use: most runs log nothing until shutdown,
 * and Logback's start-up is the largest cost an agent like this can add to an application's.
 */
public final class AgentLog {
    private static final Object LOCK = new Object();
    private static volatile Logger logger;
    private static Path configFile;

    private AgentLog() {
    }

    /**
     * Configures from a user's Logback XML now, so that a missing or broken file is reported at start-up
     * as bad input. Class names in it are written as users know them ({@code ch.qos.logback...}) and
     * mapped to the agent's relocated copy.
     *
     * @return null when it worked, otherwise what is wrong, in one line
     */
    public static String configureFrom(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return "logConfig file '" + file + "' does not exist or cannot be read; expected the path of a Logback XML file";
        }
        synchronized (LOCK) {
            configFile = file;
            try {
                logger = create();
                return null;
            } catch (IllegalStateException | IOException | JoranException e) {
                return "logConfig file '" + file + "' is not a working Logback configuration: " + oneLine(e.getMessage());
            }
        }
    }

    /**
     * Builds the logger on a low-priority daemon thread, off the application's path, then rehearses the
     * first real line: formats {@code sample} and encodes it through every appender's encoder, without
     * writing it. A short program would otherwise pay for Logback's classes (some 40 ms), and those of
     * the line's own text, inside {@code System.exit}, where poolguard's summary is usually its first
     * line. A JVM that ends before the warm-up is done finishes the work at its first line.
     */
    public static void warmUpInBackground(java.util.function.Supplier<String> sample) {
        if (logger != null) {
            return;
        }
        Thread warmUp = new Thread(new Runnable() { // a class, not a lambda: no invokedynamic in premain
            @Override
            public void run() {
                try {
                    rehearse(logger(), sample.get());
                } catch (Throwable ignored) {
                    // the first real log line will try again and say what is wrong
                }
            }
        }, "poolguard-log-init");
        warmUp.setDaemon(true);
        warmUp.setPriority(Thread.MIN_PRIORITY);
        warmUp.start();
    }

    private static void rehearse(Logger logger, String message) {
        if (!(logger instanceof ch.qos.logback.classic.Logger)) {
            return;
        }
        ch.qos.logback.classic.Logger classic = (ch.qos.logback.classic.Logger) logger;
        ch.qos.logback.core.spi.FilterReply.values(); // what the logger's own filtering step returns
        LoggingEvent event = new LoggingEvent(AgentLog.class.getName(), classic, Level.INFO, message, null, null);
        for (ch.qos.logback.classic.Logger each : classic.getLoggerContext().getLoggerList()) {
            for (java.util.Iterator<Appender<ILoggingEvent>> it = each.iteratorForAppenders(); it.hasNext(); ) {
                Appender<ILoggingEvent> appender = it.next();
                if (appender instanceof OutputStreamAppender) {
                    Encoder<ILoggingEvent> encoder = ((OutputStreamAppender<ILoggingEvent>) appender).getEncoder();
                    if (encoder != null) {
                        encoder.encode(event); // the bytes are dropped: only the classes and code paths stay
                    }
                }
            }
        }
    }

    public static void info(String message) {
        logger().info(message);
    }

    public static void warn(String message) {
        logger().warn(message);
    }

    public static void error(String message, Throwable cause) {
        logger().error(message, cause);
    }

    private static Logger logger() {
        Logger current = logger;
        if (current != null) {
            return current;
        }
        synchronized (LOCK) {
            if (logger == null) {
                try {
                    logger = create();
                } catch (IOException | JoranException | RuntimeException e) {
                    configFile = null; // a file that worked at start-up broke since: fall back
                    try {
                        logger = create();
                    } catch (IOException | JoranException impossible) {
                        throw new IllegalStateException(impossible);
                    }
                }
            }
            return logger;
        }
    }

    private static Logger create() throws IOException, JoranException {
        LoggerContext context = new LoggerContext();
        context.setName("poolguard");
        // normally installed by SLF4J's service provider, which the agent bypasses on purpose
        context.setMDCAdapter(new LogbackMDCAdapter());
        if (configFile != null) {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            try {
                configurator.doConfigure(new ByteArrayInputStream(relocated(Files.readString(configFile))
                        .getBytes(StandardCharsets.UTF_8)));
            } catch (JoranException e) {
                throw new IllegalStateException(firstError(context, e.getMessage()));
            }
            String error = firstError(context, null);
            if (error != null) {
                throw new IllegalStateException(error);
            }
            if (!anyAppender(context)) {
                // Logback only warns about elements it does not know (a Log4j file, say), and then
                // every poolguard line, deadlocks included, would go nowhere
                throw new IllegalStateException("it configures no appender (is it a Logback configuration?)");
            }
        } else {
            PoolguardLayout layout = new PoolguardLayout();
            layout.setContext(context);
            layout.start();
            LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
            encoder.setContext(context);
            encoder.setLayout(layout);
            encoder.start();
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setContext(context);
            console.setName("poolguard-stderr");
            console.setTarget("System.err");
            console.setEncoder(encoder);
            console.start();
            ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.setLevel(Level.INFO);
            root.addAppender(console);
        }
        return context.getLogger("poolguard");
    }

    /** The first error Logback recorded, with its cause: the line that says what is wrong. */
    private static String firstError(LoggerContext context, String fallback) {
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            if (status.getLevel() == Status.ERROR) {
                Throwable cause = status.getThrowable();
                String detail = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
                return status.getMessage() + detail;
            }
        }
        return fallback;
    }

    private static boolean anyAppender(LoggerContext context) {
        for (ch.qos.logback.classic.Logger each : context.getLoggerList()) {
            if (each.iteratorForAppenders().hasNext()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The build relocates Logback's packages inside the agent jar; the string below is assembled at run
     * time so the relocation leaves it as users write it.
     */
    private static String relocated(String xml) {
        String original = String.join(".", "ch", "qos", "logback") + ".";
        String packageName = LoggerContext.class.getPackageName(); // <relocated>.classic
        String shaded = packageName.substring(0, packageName.length() - "classic".length());
        return xml.replace(original, shaded);
    }

    private static String oneLine(String text) {
        return text == null ? "unknown error" : text.replaceAll("\\s+", " ").trim();
    }
}
