package com.propertyhub.testsupport;

import com.fasterxml.jackson.databind.JsonNode;

/** One parsed server-sent event: {@code id} (null when the frame had none), name, raw data and data as JSON. */
public record SseEvent(String id, String event, String data, JsonNode json) {

    public long idAsLong() {
        return Long.parseLong(id);
    }
}
