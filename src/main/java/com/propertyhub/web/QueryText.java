package com.propertyhub.web;

/** Free-text query parameters ({@code ?q=}), checked before they reach a query. */
public final class QueryText {
    private QueryText() {
    }

    /**
     * {@code raw} as given (null when absent); a NUL character is a 400, as PostgreSQL refuses it in any text
     * parameter (SQLSTATE 22021) and the search would otherwise fail as a 500.
     */
    public static String of(String name, String raw) {
        if (raw != null && raw.indexOf('\u0000') >= 0) {
            throw ApiException.invalidParameter(name, "must not contain NUL characters");
        }
        return raw;
    }
}
