package com.propertyhub.web;

import java.util.Set;

/**
 * The {@code WWW-Authenticate} header of every 401 (RFC 6750 section 3), for the REST API and the plain
 * servlets alike. A request that sent no bearer credentials gets the bare challenge, as the RFC asks; one whose
 * token or stream ticket was refused gets {@code error="invalid_token"} and the reason, so a client that reads
 * only headers can tell an expired token from a spent ticket.
 */
public final class BearerChallenge {
    /** 401 codes of requests that carried no bearer credentials (none at all, another scheme, a password login). */
    private static final Set<String> WITHOUT_CREDENTIALS = Set.of("unauthorized", "invalid_credentials");

    private BearerChallenge() {
    }

    /** The header value for the 401 {@code e}. */
    public static String of(ApiException e) {
        if (WITHOUT_CREDENTIALS.contains(e.code())) {
            return "Bearer";
        }
        return "Bearer error=\"invalid_token\", error_description=\"" + quotable(e.getMessage()) + "\"";
    }

    /** RFC 6750's error_description alphabet: printable ASCII without {@code "} and {@code \}. */
    private static String quotable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : ' ');
        }
        return sb.toString();
    }
}
