package dev.poolguard.agent;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import dev.poolguard.agent.attach.IsolatedLoader;
import dev.poolguard.agent.check.CheckCommand;

/**
 * {@code java -jar poolguard-agent.jar COMMAND}: the agent jar's command line: {@code check} and
 * {@code attach} (INTERFACE.md). Nothing here touches the boot runtime: the jar runs as
 * a plain program, with no agent attached.
 */
public final class PoolguardMain {
    static final String USAGE = "usage: java -jar poolguard-agent.jar check [--risks] REPORT...\n"
            + "       java -jar poolguard-agent.jar attach PID [--report FILE] [--watch [OPTIONS]]\n"
            + "       (to attach the agent: java -javaagent:poolguard-agent.jar[=OPTIONS] ...)";

    private PoolguardMain() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** The exit status of {@code java -jar poolguard-agent.jar ARGS}. */
    /**
     * The attach command runs the agent's own detector, whose classes live in the boot runtime (out of
     * the jar's class path): it runs in a loader that defines them (see IsolatedLoader).
     */
    private static int attach(List<String> args, PrintStream out, PrintStream err) {
        try (IsolatedLoader loader = IsolatedLoader.overAgentJar()) {
            return (Integer) Class.forName("dev.poolguard.agent.attach.AttachCommand", true, loader)
                    .getMethod("run", List.class, PrintStream.class, PrintStream.class).invoke(null, args, out, err);
        } catch (Exception | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            err.println("poolguard attach: could not run: " + cause);
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
                return CheckCommand.run(args.subList(1, args.size()), out, err);
            case "attach":
                return attach(args.subList(1, args.size()), out, err);
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
