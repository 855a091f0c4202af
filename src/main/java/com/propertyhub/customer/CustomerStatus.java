package com.propertyhub.customer;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** A customer's subscription state; written in lower case on the wire. */
public enum CustomerStatus {
    ACTIVE, TRIAL, SUSPENDED, CANCELLED;

    /**
     * Jackson reads as well as writes enums through {@code @JsonValue}, so an unknown status in a body is an
     * {@code InvalidFormatException} that the API answers with 422 naming the field (a throwing
     * {@code @JsonCreator} would surface as a 400 "malformed JSON" instead).
     */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the customer's own users may change anything. A suspended or cancelled customer's users still log in
     * and read (their history stays theirs to see), but every write is refused ({@code ReadOnlyCustomers}).
     */
    public boolean allowsWrites() {
        return this == ACTIVE || this == TRIAL;
    }

    /** For query parameters: {@code null} when the text is not a status. */
    public static CustomerStatus parse(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst().orElse(null);
    }
}
