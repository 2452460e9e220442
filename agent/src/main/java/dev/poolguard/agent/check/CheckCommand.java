package dev.poolguard.agent.check;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.poolguard.agent.check.FindingText.list;
import static dev.poolguard.agent.check.FindingText.map;
import static dev.poolguard.agent.check.FindingText.text;

/**
 * {@code java -jar poolguard-agent.jar check [--undone] [--risks] [--stalls] REPORT...} (docs/contract.md, "check command"):
 * reads reports, prints one line per finding and a closing summary, and answers with an exit status a
 * build can fail on.
 *
 * <p>Findings go to standard output, one per line, each starting with {@code REPORT:LINE:} (the event
 * that holds it), then notes about reports that tell less than they should, then
 * {@code read N reports} and the summary line {@code N deadlocks, N risks, N stalls, N tasks left undone}, always
 * last. Bad input goes to standard error, one line each, {@code poolguard check: } first.
 *
 * <p>A REPORT is a file, or a directory, which stands for every {@code *.jsonl} file directly in it.
 */
public final class CheckCommand {
    /**
     * No report holds a deadlock (nor an undone task with {@code --undone}, a risk with {@code --risks}, a
     * stall with {@code --stalls}).
     */
    public static final int CLEAN = 0;
    /** A report holds a finding that fails the check. */
    public static final int FINDINGS = 1;
    /** The command line or a report could not be read. */
    public static final int BAD_INPUT = 2;

    static final String USAGE = "usage: java -jar poolguard-agent.jar check [--undone] [--risks] [--stalls] REPORT...\n"
            + "  REPORT    a poolguard report (JSON Lines), or a directory: every *.jsonl file in it\n"
            + "  --undone  also fail on tasks left undone at exit (by default they are listed, and only deadlocks fail:\n"
            + "            test suites leave background work behind; a service's operator asks for --undone)\n"
            + "  --risks   also fail on risks\n"
            + "  --stalls  also fail on stalls (a pool whose queue did not move while every worker was blocked)\n"
            + "exit status: 0 nothing that fails the check, 1 a report holds a deadlock (or, with --undone, a task"
            + " left undone; with --risks, a risk; with --stalls, a stall), 2 bad input";

    private final PrintStream out;
    private final PrintStream err;
    private boolean failOnRisks;
    private boolean failOnUndone;
    private boolean failOnStalls;
    private boolean badInput;
    private int deadlocks;
    private int risks;
    private int stalls;
    private int undone;
    private final List<String> notes = new ArrayList<>();

    private CheckCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the command with the arguments after {@code check}; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return new CheckCommand(out, err).run(args);
    }

    private int run(List<String> args) {
        List<String> operands = new ArrayList<>();
        boolean options = true;
        for (String arg : args) {
            if (options && arg.equals("--")) {
                options = false;
            } else if (options && arg.equals("--risks")) {
                failOnRisks = true;
            } else if (options && arg.equals("--stalls")) {
                failOnStalls = true;
            } else if (options && arg.equals("--undone")) {
                failOnUndone = true;
            } else if (options && (arg.equals("--help") || arg.equals("-h"))) {
                out.println(USAGE);
                return CLEAN;
            } else if (options && arg.startsWith("-") && arg.length() > 1) {
                err.println("poolguard check: unknown option '" + arg + "'");
                err.println(USAGE);
                return BAD_INPUT;
            } else {
                operands.add(arg);
            }
        }
        if (operands.isEmpty()) {
            err.println("poolguard check: no report given");
            err.println(USAGE);
            return BAD_INPUT;
        }
        Map<Path, String> reports = expand(operands);
        for (Map.Entry<Path, String> report : reports.entrySet()) {
            ReportReader.Result result = ReportReader.read(report.getKey(), report.getValue());
            for (String problem : result.problems()) {
                err.println("poolguard check: " + problem);
                badInput = true;
            }
            examine(result);
        }
        for (String note : notes) {
            out.println(note);
        }
        out.println("read " + reports.size() + (reports.size() == 1 ? " report" : " reports"));
        out.println(deadlocks + " deadlocks, " + risks + " risks, " + stalls + " stalls, " + undone + " tasks left undone");
        out.flush();
        if (badInput) {
            return BAD_INPUT;
        }
        return deadlocks > 0 || (failOnUndone && undone > 0) || (failOnRisks && risks > 0)
                || (failOnStalls && stalls > 0) ? FINDINGS : CLEAN;
    }

    /** Files as given, directories as the {@code *.jsonl} files in them, each read once, named as the user wrote it. */
    private Map<Path, String> expand(List<String> operands) {
        Map<Path, String> reports = new LinkedHashMap<>();
        for (String operand : operands) {
            Path path;
            try {
                path = Path.of(operand);
            } catch (InvalidPathException e) {
                err.println("poolguard check: " + operand + ": not a file name: " + e.getReason());
                badInput = true;
                continue;
            }
            if (!Files.isDirectory(path)) {
                reports.putIfAbsent(path.toAbsolutePath().normalize(), operand);
                continue;
            }
            List<Path> found;
            try (Stream<Path> listing = Files.list(path)) {
                found = listing.filter(p -> p.getFileName().toString().endsWith(".jsonl") && !Files.isDirectory(p))
                        .sorted().toList();
            } catch (IOException e) {
                err.println("poolguard check: " + operand + ": cannot list the directory: " + e.getMessage());
                badInput = true;
                continue;
            }
            if (found.isEmpty()) {
                err.println("poolguard check: " + operand + ": a directory with no *.jsonl report in it"
                        + " (was the agent attached, with report= pointing there?)");
                badInput = true;
            }
            for (Path file : found) {
                reports.putIfAbsent(file.toAbsolutePath().normalize(), file.toString());
            }
        }
        return reports;
    }

    private void examine(ReportReader.Result report) {
        String name = report.name();
        if (report.lines().isEmpty()) {
            if (report.problems().isEmpty()) {
                notes.add("note: " + name + ": holds no event (did the JVM end before poolguard started?)");
            }
            return;
        }
        boolean shutdownTracked = false;
        boolean ended = false;
        for (ReportReader.Line line : report.lines()) {
            String where = name + ":" + line.number() + ": ";
            Map<String, Object> event = line.event();
            List<String> wrong = EventFields.wrong(event);
            if (!wrong.isEmpty()) {
                notes.add("note: " + where + "a " + line.kind() + " event that tells less than it should (written by"
                        + " another poolguard version, or damaged): " + String.join(", ", wrong));
            }
            switch (line.kind()) {
                case "agent-start":
                    shutdownTracked = !"off".equals(option(event, "shutdown"));
                    List<?> problems = list(event, "problems");
                    if (!problems.isEmpty()) {
                        notes.add("note: " + where + "poolguard could not instrument everything, so part of it was off: "
                                + join(problems));
                    }
                    break;
                case "deadlock":
                    deadlocks++;
                    out.println(where + FindingText.deadlock(event));
                    break;
                case "risk":
                    risks++;
                    out.println(where + FindingText.risk(event));
                    break;
                case "stall":
                    stalls++;
                    out.println(where + FindingText.stall(event));
                    break;
                case "shutdown-end":
                    ended = true;
                    for (Object task : list(event, "inFlight")) {
                        undone++;
                        out.println(where + FindingText.inFlight(map(task)));
                    }
                    for (Object task : list(event, "queuedNeverRun")) {
                        undone++;
                        out.println(where + FindingText.queued(map(task)));
                    }
                    break;
                case "feature-disabled":
                    notes.add("note: " + where + "poolguard's " + text(event, "feature")
                            + " failed and was switched off: " + text(event, "error"));
                    break;
                default:
                    break; // shutdown-start, spawn-blocked, and kinds a later version may add: no finding
            }
        }
        if (shutdownTracked && !ended) {
            notes.add("note: " + name + ": no shutdown-end: this JVM did not finish shutting down (killed, crashed,"
                    + " or still running), so what it left undone is not known");
        }
    }

    private static Object option(Map<String, Object> event, String key) {
        Object options = event.get("options");
        return options instanceof Map ? ((Map<?, ?>) options).get(key) : null;
    }

    private static String join(List<?> items) {
        List<String> texts = new ArrayList<>();
        for (Object item : items) {
            texts.add(String.valueOf(item));
        }
        return String.join("; ", texts);
    }
}
