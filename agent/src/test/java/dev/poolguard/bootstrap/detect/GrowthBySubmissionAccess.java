package dev.poolguard.bootstrap.detect;

/** Test access to {@link GrowthBySubmission}'s per-thread state from other packages. */
public final class GrowthBySubmissionAccess {
    private GrowthBySubmissionAccess() {
    }

    /** How many pools are being asked about on this thread now (0 between questions). */
    public static int depthNow() {
        return GrowthBySubmission.depthNow();
    }
}
