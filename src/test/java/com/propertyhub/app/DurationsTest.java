package com.propertyhub.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "\"{0}\" is {1} ms")
    @CsvSource({
            "500ms, 500",
            "25s, 25000",
            "15m, 900000",
            "8h, 28800000",
            "7d, 604800000",
            "30, 30000",
            "0, 0",
            "' 15 m ', 900000",
            "2H, 7200000",
            "PT1M30S, 90000",
            "pt5m, 300000",
            "P1D, 86400000"})
    void readsShortFormsPlainSecondsAndIso8601(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"", "  ", "abc", "1.5h", "-5s", "5 minutes", "5x", "h", "PT", "1h30m",
            "99999999999999999999", "9999999999999999999d", "999999999999999999h"})
    void refusesAnythingElseWithIllegalArgumentException(String text) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    }
}
