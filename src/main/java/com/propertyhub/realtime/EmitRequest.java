package com.propertyhub.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/realtime/emit}. */
public record EmitRequest(
        @Size(max = 200) @Pattern(regexp = "\\*|[A-Za-z0-9_.\\-]+(:[A-Za-z0-9_.\\-]+)?",
                message = "is not a room name") String room,
        @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9_.\\-]+(:[A-Za-z0-9_.\\-]+)*",
                message = "must look like entity:action") String event,
        JsonNode data) {
}
