package com.propertyhub.web;

import java.util.UUID;

/** Ids in paths are UUID strings; anything else cannot name a resource, so it is a 404 like any unknown id. */
public final class Ids {
    private Ids() {
    }

    public static UUID parse(String raw, String what) {
        try {
            if (raw != null && raw.length() == 36) {
                return UUID.fromString(raw);
            }
        } catch (IllegalArgumentException ignored) {
            // falls through to the 404 below
        }
        throw ApiException.notFound(what, "'" + sanitize(raw) + "'");
    }

    private static String sanitize(String raw) {
        if (raw == null) {
            return "";
        }
        String cut = raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
        return cut.replaceAll("[^A-Za-z0-9_\\-.]", "?");
    }
}
