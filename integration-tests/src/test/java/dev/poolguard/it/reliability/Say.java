package dev.poolguard.it.reliability;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Helpers of the child programs in this package: flushed whole stdout lines, named thread factories. */
final class Say {
    private Say() {}

    static void line(String text) {
        synchronized (System.out) {
            System.out.println(text);
            System.out.flush();
        }
    }

    /** Threads named {@code prefix-N}. */
    static ThreadFactory threads(String prefix, boolean daemon) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(daemon);
            return t;
        };
    }

    /** Where a class was loaded from: the file name of its jar or directory, "boot" for the boot loader. */
    static String origin(Class<?> type) {
        java.security.CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) return "boot";
        String path = source.getLocation().getPath();
        if (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
