/**
 * poolguard's runtime inside the JDK: the static entry points that rewritten JDK methods call, and the
 * state behind them (pools, workers, the shutdown sequence).
 *
 * <p>Everything here is defined into the boot class loader at start-up, because code rewritten inside
 * {@code java.base} can only see boot classes. So these classes may use JDK types only (no Logback,
 * no ASM), and they talk to the rest of the agent through {@link dev.poolguard.bootstrap.EventSink}.
 * They are also plain Java: the unit tests use them directly, without any agent.
 */
package dev.poolguard.bootstrap;
