package dev.poolguard.agent.json;

/** A line that is not valid JSON; {@link #column()} is 1-based. */
public final class JsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int column;

    public JsonException(String message, int column) {
        super(message + " at column " + column);
        this.column = column;
    }

    public int column() {
        return column;
    }
}
