package dev.poolguard.bootstrap.waits;

/** The {@code deadlock} option. */
public enum DeadlockMode {
    /** Report, and let the waits block as they would. */
    LOG,
    /** Report, and make the wait that closes a certain deadlock throw. */
    FAIL,
    /** Track no waits. */
    OFF
}
