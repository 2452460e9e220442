package dev.poolguard.bootstrap.waits;

/**
 * A latent deadlock: a pool task blocks on an unfinished task of its own pool.
 *
 * @param site the frame that called the wait, {@code class.method(File:line)}
 */
public record RiskReport(String kind, String pool, String thread, String site, String waitsFor,
                         StackTraceElement[] stack) { }
