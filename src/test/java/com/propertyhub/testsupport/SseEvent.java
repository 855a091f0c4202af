package com.propertyhub.testsupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One parsed server-sent event: {@code id} (null when the frame had none), name, raw data and data as JSON, and
 * {@code receivedNanos}, the {@link System#nanoTime()} at which the client finished parsing it (for latencies).
 */
public record SseEvent(String id, String event, String data, JsonNode json, long receivedNanos) {

    public SseEvent(String id, String event, String data, JsonNode json) {
        this(id, event, data, json, System.nanoTime());
    }

    public long idAsLong() {
        return Long.parseLong(id);
    }
}
