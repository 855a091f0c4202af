package com.propertyhub.maintenance;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Where a maintenance request stands; written in lower case on the wire. */
public enum MaintenanceStatus {
    OPEN, IN_PROGRESS, RESOLVED, CLOSED;

    /** Read and written through {@code @JsonValue}: an unknown status in a body is a 422 naming the field. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "in progress": for notification texts. */
    public String label() {
        return wire().replace('_', ' ');
    }

    /** For query parameters: {@code null} when the text is not a status. */
    public static MaintenanceStatus parse(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst().orElse(null);
    }
}
