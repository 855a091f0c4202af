package com.propertyhub.auth;

/** Reads the token out of an {@code Authorization: Bearer ...} header (RFC 6750 section 2.1). */
public final class BearerTokens {
    private BearerTokens() {
    }

    /** The token, or {@code null} when the header is absent or not a bearer header. */
    public static String from(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() < 8
                || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorizationHeader.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
