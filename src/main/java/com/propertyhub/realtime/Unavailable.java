package com.propertyhub.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.ErrorResponses;
import com.propertyhub.web.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code unavailable} event: a stream refused or ended for now (a limit, the node stopping, the database
 * away), with {@code retry:} set to when to come back. It is the last frame of its stream, so that every standard
 * client, which reconnects to an ended stream by itself, does so at the right time.
 */
final class Unavailable {
    static final String EVENT = "unavailable";

    private Unavailable() {
    }

    /** Whole seconds, at least 1, as in the Retry-After header. */
    static long seconds(ApiException e) {
        return ErrorResponses.retryAfterSeconds(e);
    }

    /** {@code retry: <ms>}, then {@code event: unavailable} with {@code code}, {@code message}, {@code retryAfter}. */
    static byte[] frame(ApiException e, ObjectMapper json) {
        long seconds = seconds(e);
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("code", e.code());
        reason.put("message", e.getMessage());
        reason.put("retryAfter", seconds);
        return SseFrames.event(null, EVENT, Json.write(json, reason), seconds * 1000);
    }
}
