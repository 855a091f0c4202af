package com.propertyhub.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;

/** A finished HTTP exchange: status, headers, raw body and the body parsed as JSON (or null). */
public record ApiResponse(int status, HttpHeaders headers, String body, JsonNode json) {

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** The contract's error code, for error answers. */
    public String errorCode() {
        return json == null ? null : json.path("error").path("code").asText(null);
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
