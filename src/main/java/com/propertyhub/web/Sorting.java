package com.propertyhub.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ?sort=}: one column of a list, {@code name} ascending or {@code -name} descending, from the list's own
 * whitelist (each backed by an index). Anything else is a 400 naming the allowed values; the answer is always
 * ordered by the id last, so pages do not overlap or skip rows that share a value.
 */
public final class Sorting {
    private Sorting() {
    }

    /** The sort names and JPQL paths of a list, as pairs ({@code "company", "c.companyKey", ...}), in order. */
    public static Map<String, String> columns(String... namesAndPaths) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < namesAndPaths.length; i += 2) {
            columns.put(namesAndPaths[i], namesAndPaths[i + 1]);
        }
        return Collections.unmodifiableMap(columns);
    }

    /**
     * The JPQL {@code order by} clause for {@code raw}, or for {@code fallback} when absent.
     *
     * @param columns the allowed sort names with the JPQL path each sorts by, in the order the error lists them
     * @param id      the JPQL path of the id
     */
    public static String orderBy(String raw, String fallback, Map<String, String> columns, String id) {
        String sort = raw == null || raw.isBlank() ? fallback : raw.trim();
        boolean descending = sort.startsWith("-");
        String path = columns.get(descending ? sort.substring(1) : sort);
        if (path == null) {
            throw ApiException.invalidParameter("sort", "must be one of " + String.join(", ", values(columns))
                    + " (a leading - sorts descending)");
        }
        String direction = descending ? " desc" : " asc";
        return " order by " + path + direction + ", " + id + direction;
    }

    /** Every value {@code ?sort=} accepts for {@code columns}: each name, then the same with a leading -. */
    public static List<String> values(Map<String, String> columns) {
        return columns.keySet().stream().flatMap(n -> Stream.of(n, "-" + n)).toList();
    }
}
