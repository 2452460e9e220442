package dev.poolguard.it.programs.deadlock;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** {@code Executors.newVirtualThreadPerTaskExecutor()}, called reflectively (the programs compile for Java 17). */
final class Virtual {
    private Virtual() {}

    static ExecutorService executor() throws ReflectiveOperationException {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }
}
