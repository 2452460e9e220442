package dev.poolguard.agent.attach;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.poolguard.agent.json.Json;
import dev.poolguard.agent.json.JsonException;
import dev.poolguard.agent.options.OptionException;
import dev.poolguard.agent.options.Options;
import dev.poolguard.bootstrap.waits.DeadlockReport;

/**
 * {@code java -jar poolguard-agent.jar attach PID [--report FILE] [--watch [OPTIONS]]} (docs/contract.md,
 * "attach command"). Exit status: 0 no deadlock (or, with {@code --watch}, installed), 1 a deadlock,
 * 2 could not look (one line on stderr saying why and what to try).
 */
public final class AttachCommand {
    public static final int CLEAN = 0;
    public static final int FINDINGS = 1;
    public static final int CANNOT_LOOK = 2;
    static final String USAGE = "usage: java -jar poolguard-agent.jar attach PID [--report FILE] [--watch [OPTIONS]]";

    private AttachCommand() {
    }

    /** The parsed command line; {@code watch} null without {@code --watch}, "" with it but no options. */
    record Request(long pid, Path report, String watch) { }

    /** Called (reflectively, in an {@link IsolatedLoader}) by {@code PoolguardMain}. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Request request;
        try {
            request = parse(args);
        } catch (IllegalArgumentException bad) {
            err.println("poolguard attach: " + bad.getMessage()); // one line: scripts read the first
            return CANNOT_LOOK;
        }
        String why = TargetCheck.whyNot(request.pid());
        if (why != null) {
            err.println("poolguard attach: " + why);
            return CANNOT_LOOK;
        }
        try {
            String mode = request.watch() == null ? AgentArgs.SNAPSHOT : AgentArgs.WATCH;
            String answer = AttachClient.ask(request.pid(), agentJar(), mode, request.watch());
            Map<String, Object> parsed = Json.parseObject(answer);
            if (parsed.get("error") != null) {
                err.println("poolguard attach: " + request.pid() + ": " + parsed.get("error"));
                return CANNOT_LOOK;
            }
            if (request.watch() != null) {
                out.println("poolguard attach: installed in " + request.pid() + " as with -javaagent"
                        + (request.watch().isEmpty() ? "" : "=" + request.watch())
                        + "; from now on its findings go to that JVM's log (stderr) and report");
                return CLEAN;
            }
            Snapshot snapshot = SnapshotJson.read(answer);
            List<DeadlockReport> deadlocks = SnapshotAnalysis.deadlocks(snapshot);
            AttachOutput.print(snapshot, deadlocks, out);
            if (request.report() != null) {
                String problem = AttachOutput.writeReport(request.report(), snapshot, deadlocks);
                if (problem != null) {
                    err.println("poolguard attach: " + problem);
                    return CANNOT_LOOK;
                }
            }
            return deadlocks.isEmpty() ? CLEAN : FINDINGS;
        } catch (AttachClient.CannotAttach e) {
            err.println("poolguard attach: " + e.getMessage());
            return CANNOT_LOOK;
        } catch (JsonException | ClassCastException | NullPointerException | IOException e) {
            err.println("poolguard attach: the target's answer could not be read (" + e
                    + "); is the jar the same version on both sides?");
            return CANNOT_LOOK;
        }
    }

    static Request parse(List<String> args) {
        Long pid = null;
        Path report = null;
        String watch = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--report")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--report needs a file name");
                }
                report = Path.of(args.get(++i));
            } else if (arg.equals("--watch")) {
                watch = i + 1 < args.size() && !args.get(i + 1).startsWith("--") ? args.get(++i) : "";
                try {
                    Options.parse(watch.isEmpty() ? null : watch, new Properties());
                } catch (OptionException bad) {
                    throw new IllegalArgumentException("--watch " + watch + ": " + bad.getMessage());
                }
            } else if (arg.startsWith("-")) {
                throw new IllegalArgumentException("unknown option '" + arg + "'; " + USAGE);
            } else if (pid == null) {
                try {
                    pid = Long.parseLong(arg);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + arg + "' is not a process id (a number, as jps shows it)");
                }
                if (pid <= 0) {
                    throw new IllegalArgumentException("'" + arg + "' is not a process id (a positive number)");
                }
            } else {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (one PID only)");
            }
        }
        if (pid == null) {
            throw new IllegalArgumentException("no PID given; " + USAGE);
        }
        if (watch != null && report != null) {
            throw new IllegalArgumentException("--report is for the one-shot look; with --watch give report=FILE"
                    + " among the agent options");
        }
        return new Request(pid, report, watch);
    }

    private static Path agentJar() throws IOException {
        try {
            return Path.of(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the agent jar", e);
        }
    }
}
