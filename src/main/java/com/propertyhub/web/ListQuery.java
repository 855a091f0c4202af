package com.propertyhub.web;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import jakarta.ws.rs.QueryParam;
import java.util.function.Function;

/**
 * The query parameters of a searched, sorted list ({@code ?q=&sort=&limit=&offset=}), read with {@code @BeanParam}.
 * All arrive as text and are checked when read, so a bad value is a 400 naming the parameter (JAX-RS answers 404
 * when a typed query parameter does not convert). A list's own filter ({@code ?status=}, {@code ?role=}) is read
 * with {@link #choice}.
 *
 * <p>swagger-core finds a bean parameter's fields through Jackson's introspection, which sees private fields only
 * when told to: hence {@code @JsonAutoDetect} (the class is never written as JSON).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public final class ListQuery {
    @QueryParam("q")
    private String q;
    @QueryParam("sort")
    private String sort;
    @QueryParam("limit")
    private String limit;
    @QueryParam("offset")
    private String offset;

    /** {@code ?q=} (null when absent), checked by {@link QueryText}. */
    public String text() {
        return QueryText.of("q", q);
    }

    /** {@code ?sort=} as given: the list checks it against its own columns ({@link Sorting#orderBy}). */
    public String sort() {
        return sort;
    }

    /** {@code ?limit=} and {@code ?offset=}, checked by {@link Paging}. */
    public Paging paging() {
        return Paging.of(limit, offset);
    }

    /**
     * A list's filter {@code ?name=}, one of a fixed set of values: null when absent or blank, else what
     * {@code parse} makes of it; a value it does not accept (null) is a 400 saying {@code rule}.
     */
    public static <T> T choice(String name, String raw, Function<String, T> parse, String rule) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        T value = parse.apply(raw);
        if (value == null) {
            throw ApiException.invalidParameter(name, rule);
        }
        return value;
    }
}
