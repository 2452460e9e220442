package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** A healthy test in another fork: pool use that poolguard has nothing to say about. */
class ReceiptTest {
    @Test
    void linesArePrintedInParallel() throws Exception {
        ExecutorService printers = Executors.newFixedThreadPool(2);
        try {
            Future<String> a = printers.submit(() -> "apple 1.20");
            Future<String> b = printers.submit(() -> "pear 0.95");
            assertEquals("apple 1.20\npear 0.95", a.get() + "\n" + b.get());
        } finally {
            printers.shutdown();
        }
    }
}
