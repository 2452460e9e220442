/**
 * Deadlock detection over an abstract model of who waits on what: {@link
 * dev.poolguard.bootstrap.detect.DeadlockDetector#check} decides whether a wait that is about to block
 * can ever be satisfied.
 *
 * <p>This package is defined into the boot class loader with the rest of the runtime, so it uses JDK
 * types only and depends on no other poolguard class: the runtime adapts its live records to
 * {@link dev.poolguard.bootstrap.detect.WaitModel}, and the tests build the model from tables.
 */
package dev.poolguard.bootstrap.detect;
