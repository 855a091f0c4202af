package com.propertyhub.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;

/** An event-log entry as the API shows it. */
public record LoggedEvent(String id, String room, String event, JsonNode data, Instant createdAt) {

    static LoggedEvent of(Event e, ObjectMapper json) {
        try {
            return new LoggedEvent(Long.toString(e.id()), e.room(), e.name(), json.readTree(e.data()), e.createdAt());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("event " + e.id() + " holds invalid JSON", ex);
        }
    }
}
