package com.propertyhub.customer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** A customer's subscription state; written in lower case on the wire. */
public enum CustomerStatus {
    ACTIVE, TRIAL, SUSPENDED, CANCELLED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CustomerStatus fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of active, trial, suspended, cancelled"));
    }

    /** For query parameters: {@code null} when the text is not a status. */
    public static CustomerStatus parse(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst().orElse(null);
    }
}
