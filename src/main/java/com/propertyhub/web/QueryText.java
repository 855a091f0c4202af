package com.propertyhub.web;

/** Free-text query parameters ({@code ?q=}), checked before they reach a query. */
public final class QueryText {
    /** The longest search text a list accepts: enough for any name or email, and it bounds each row's match. */
    public static final int MAX_LENGTH = 100;

    private QueryText() {
    }

    /**
     * {@code raw} as given (null when absent); a NUL character is a 400, as PostgreSQL refuses it in any text
     * parameter (SQLSTATE 22021) and the search would otherwise fail as a 500; so is text over {@link #MAX_LENGTH}
     * characters.
     */
    public static String of(String name, String raw) {
        if (raw == null) {
            return null;
        }
        if (raw.indexOf('\u0000') >= 0) {
            throw ApiException.invalidParameter(name, "must not contain NUL characters");
        }
        String text = raw.trim();
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            throw ApiException.invalidParameter(name, "must be at most " + MAX_LENGTH + " characters");
        }
        return raw;
    }
}
