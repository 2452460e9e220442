package dev.poolguard.agent;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import dev.poolguard.agent.check.CheckCommand;

/**
 * {@code java -jar poolguard-agent.jar COMMAND}: the agent jar's command line. One command so far,
 * {@code check} (INTERFACE.md, "check command"). Nothing here touches the boot runtime: the jar runs as
 * a plain program, with no agent attached.
 */
public final class PoolguardMain {
    static final String USAGE = "usage: java -jar poolguard-agent.jar check [--risks] REPORT...\n"
            + "       (to attach the agent: java -javaagent:poolguard-agent.jar[=OPTIONS] ...)";

    private PoolguardMain() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** The exit status of {@code java -jar poolguard-agent.jar ARGS}. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println("poolguard " + PoolguardAgent.version() + ": no command given");
            err.println(USAGE);
            return CheckCommand.BAD_INPUT;
        }
        switch (args.get(0)) {
            case "check":
                return CheckCommand.run(args.subList(1, args.size()), out, err);
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
