package dev.poolguard.agent.attach;

/**
 * What the {@code attach} command asks of the agent it loads into the target, as the one string the
 * Attach API carries: the mode, the file to write the answer to, and (for {@code watch}) the agent
 * options. Lines, since neither a path in the temp folder nor the options hold a line break.
 */
public record AgentArgs(String mode, String resultFile, String options) {
    public static final String SNAPSHOT = "snapshot";
    public static final String WATCH = "watch";
    private static final String MARK = "poolguard-attach";

    public String encode() {
        return MARK + "\n" + mode + "\n" + resultFile + "\n" + (options == null ? "" : options);
    }

    /** The arguments, or null when {@code argument} is not from the attach command. */
    public static AgentArgs decode(String argument) {
        if (argument == null) {
            return null;
        }
        String[] parts = argument.split("\n", -1);
        if (parts.length != 4 || !parts[0].equals(MARK)) {
            return null;
        }
        return new AgentArgs(parts[1], parts[2], parts[3]);
    }
}
