package com.propertyhub.web;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one way a client's string becomes an id: a UUID in its canonical 8-4-4-4-12 hex form, nothing else
 * ({@code UUID.fromString} alone also reads "1-2-3-4-5" and throws on strings a lenient pattern lets through).
 * What a malformed id answers depends on where it came from: in a path it cannot name a resource (404 like any
 * unknown id), in a query it is a bad parameter (400), in a body a field to fix (422).
 */
public final class Ids {
    /** The canonical form, for {@code @Pattern} on body fields that hold an id. */
    public static final String PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    private static final Pattern CANONICAL = Pattern.compile(PATTERN);

    private Ids() {
    }

    /** The id, or empty when {@code raw} is not a canonical UUID. */
    public static Optional<UUID> tryParse(String raw) {
        if (raw == null || !CANONICAL.matcher(raw).matches()) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(raw));
    }

    /** An id from the path: a malformed one is {@code 404 not_found} for {@code what}. */
    public static UUID parse(String raw, String what) {
        return tryParse(raw).orElseThrow(() -> ApiException.notFound(what, "'" + sanitize(raw) + "'"));
    }

    /** An id from a query parameter: a malformed one is {@code 400 invalid_parameter} naming it. */
    public static UUID query(String raw, String parameter, String message) {
        return tryParse(raw).orElseThrow(() -> ApiException.invalidParameter(parameter, message));
    }

    /** An id from a body field: a malformed one is {@code 422 validation_failed} naming the field. */
    public static UUID field(String raw, String field, String message) {
        return tryParse(raw).orElseThrow(() -> ApiException.validation(field, message));
    }

    private static String sanitize(String raw) {
        if (raw == null) {
            return "";
        }
        String cut = raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
        return cut.replaceAll("[^A-Za-z0-9_\\-.]", "?");
    }
}
