package dev.poolguard.agent.install;

import static dev.poolguard.agent.install.HookMethods.SIGNALLER;

import java.util.List;

import net.bytebuddy.jar.asm.MethodVisitor;

/**
 * {@code CompletableFuture.Signaller.block()}: where {@code get}, {@code join} and {@code get(timeout)}
 * park (through {@code ForkJoinPool.managedBlock}). Its {@code park} and {@code parkNanos} go through
 * poolguard ({@link ParkSites}), so a {@code CompletableFuture} wait is checked once it has been parked a
 * while, like a {@code FutureTask} wait. The wait itself is registered in {@code waitingGet/timedGet}.
 */
final class SignallerRewriter extends ClassRewriter {
    private static final Target BLOCK = new Target("block", "()Z", 2);

    SignallerRewriter() {
        super(SIGNALLER, List.of(BLOCK));
    }

    @Override
    MethodVisitor rewrite(Target target, MethodVisitor next, SiteCounter counter, int maxLocals) {
        return ParkSites.redirecting(next, counter);
    }
}
