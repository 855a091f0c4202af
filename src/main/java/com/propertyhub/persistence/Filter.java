package com.propertyhub.persistence;

import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The optional conditions of a list query, joined with {@code and}. Only conditions that apply are written,
 * so no parameter is ever bound as an untyped null (which PostgreSQL cannot type).
 */
public final class Filter {
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    public Filter add(String condition, String parameter, Object value) {
        conditions.add(condition);
        parameters.put(parameter, value);
        return this;
    }

    public String where() {
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    public <T> TypedQuery<T> bind(TypedQuery<T> query) {
        parameters.forEach(query::setParameter);
        return query;
    }

    /** A {@code like} pattern matching {@code text} anywhere, case-folded, with wildcards escaped by {@code \}. */
    public static String contains(String text) {
        String escaped = text.trim().toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
