package com.propertyhub.persistence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Timestamps at millisecond precision, so a value reads back from either database exactly as written. */
public final class Times {
    private Times() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
