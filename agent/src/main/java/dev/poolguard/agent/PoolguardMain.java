package dev.poolguard.agent;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import dev.poolguard.agent.attach.IsolatedLoader;
import dev.poolguard.agent.check.CheckCommand;

/**
 * {@code java -jar poolguard-agent.jar COMMAND}: the agent jar's command line: {@code check} and
 * {@code attach} (docs/contract.md). The jar runs as a plain program, with no agent attached; each
 * command runs in a loader that also defines the boot runtime's classes ({@link #isolated}).
 */
public final class PoolguardMain {
    static final String USAGE = "usage: java -jar poolguard-agent.jar check [--undone] [--risks] [--stalls] REPORT...\n"
            + "       java -jar poolguard-agent.jar attach PID [--report FILE] [--watch [OPTIONS]]\n"
            + "       (to attach the agent: java -javaagent:poolguard-agent.jar[=OPTIONS] ...)";

    private PoolguardMain() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** The exit status of {@code java -jar poolguard-agent.jar ARGS}. */
    /**
     * The commands run code whose classes live in the boot runtime (out of the jar's class path): the
     * attach command the agent's own detector, and both the report events' records, which their schemas
     * name. So each runs in a loader that defines them (see IsolatedLoader).
     */
    private static int isolated(String command, String className, List<String> args, PrintStream out, PrintStream err) {
        try (IsolatedLoader loader = IsolatedLoader.overAgentJar()) {
            return (Integer) Class.forName(className, true, loader)
                    .getMethod("run", List.class, PrintStream.class, PrintStream.class).invoke(null, args, out, err);
        } catch (Exception | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            err.println("poolguard " + command + ": could not run: " + cause);
            return 2;
        }
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println("poolguard " + PoolguardAgent.version() + ": no command given");
            err.println(USAGE);
            return CheckCommand.BAD_INPUT;
        }
        switch (args.get(0)) {
            case "check":
                return isolated("check", CheckCommand.class.getName(), args.subList(1, args.size()), out, err);
            case "attach":
                return isolated("attach", "dev.poolguard.agent.attach.AttachCommand", args.subList(1, args.size()), out, err);
            case "--version":
            case "version":
                out.println("poolguard " + PoolguardAgent.version());
                return 0;
            case "--help":
            case "-h":
            case "help":
                out.println(USAGE);
                return 0;
            default:
                err.println("poolguard: unknown command '" + args.get(0) + "'");
                err.println(USAGE);
                return CheckCommand.BAD_INPUT;
        }
    }
}
