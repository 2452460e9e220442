package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

class PriceServiceTest {
    /** mvn verify -Dfixed=true tests the fixed service (Surefire hands -D properties on to the tests). */
    private static final boolean FIXED = Boolean.getBoolean("fixed");

    // Without poolguard, the unfixed service hangs here until this timeout (or CI's) ends it.
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void totalOfAnOrder() throws Exception {
        try (PriceService prices = new PriceService(FIXED)) {
            assertEquals(275, prices.total(List.of("apple", "pear", "plum")));
        }
    }
}
