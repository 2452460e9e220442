package dev.poolguard.agent.options;

/** Bad input in the agent's options: the message is the one line the user sees after "poolguard: ". */
public final class OptionException extends Exception {
    private static final long serialVersionUID = 1L;

    public OptionException(String message) {
        super(message);
    }
}
