package com.propertyhub.web;

/**
 * {@code ?limit=} and {@code ?offset=} parsed by hand: JAX-RS answers 404 when a typed query parameter
 * does not convert, and the contract wants 400 for a bad parameter.
 */
public record Paging(int limit, int offset) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public static Paging of(String limit, String offset) {
        return new Paging(parse("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
                parse("offset", offset, 0, 0, Integer.MAX_VALUE));
    }

    private static int parse(String name, String raw, int fallback, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                throw ApiException.invalidParameter(name, "must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.invalidParameter(name, "must be a whole number");
        }
    }
}
