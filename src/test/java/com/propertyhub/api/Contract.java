package com.propertyhub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Assertions for the shapes that API.md promises: error bodies, lists, ids, times, customers and users. */
final class Contract {
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** ISO-8601 in UTC, written with {@code Z}. */
    private static final Pattern ISO_UTC = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    private static final Set<String> CUSTOMER_FIELDS = Set.of("id", "company", "owner", "email", "phone", "status",
            "plan", "_count", "createdAt", "updatedAt");
    private static final Set<String> USER_FIELDS = Set.of("id", "name", "email", "role", "department", "company",
            "permissions", "isActive", "status", "createdAt", "updatedAt");
    /** What must never show in an answer: password fields, bcrypt hashes, Java stack traces, HTML pages. */
    private static final List<String> SECRET_MARKERS = List.of("password", "$2a$", "$2b$", "$2y$");

    private Contract() {
    }

    /** A non-2xx answer with the contract's error body and the given status and code. */
    static JsonNode assertError(ApiResponse r, int status, String code) {
        assertEquals(status, r.status(), () -> "status of " + r);
        assertErrorShape(r);
        if (code != null) {
            assertEquals(code, r.errorCode(), () -> "error code of " + r);
        }
        return r.json().get("error");
    }

    /** {@code {"error":{"code","message","details":[...]}}} as JSON, never HTML or a stack trace. */
    static void assertErrorShape(ApiResponse r) {
        String type = r.header("Content-Type");
        assertNotNull(type, () -> "no Content-Type on " + r);
        assertTrue(type.startsWith("application/json"), () -> "Content-Type " + type + " on " + r);
        assertNoStackTraceOrHtml(r);
        assertNotNull(r.json(), () -> "body is not JSON: " + r);
        assertEquals(Set.of("error"), fieldNames(r.json()), () -> "top level of " + r);
        JsonNode error = r.json().get("error");
        assertEquals(Set.of("code", "message", "details"), fieldNames(error), () -> "error fields of " + r);
        assertTrue(error.get("code").isTextual() && SNAKE_CASE.matcher(error.get("code").asText()).matches(),
                () -> "code is not snake_case text: " + r);
        assertTrue(error.get("message").isTextual() && !error.get("message").asText().isBlank(),
                () -> "message is not a sentence: " + r);
        assertTrue(error.get("details").isArray(), () -> "details is not a list: " + r);
        for (JsonNode detail : error.get("details")) {
            assertTrue(detail.isObject() && detail.path("message").isTextual(), () -> "detail without message: " + r);
            assertFalse(detail.path("message").asText().contains("${"), () -> "uninterpolated message template: " + r);
        }
        assertFalse(error.get("message").asText().contains("${"), () -> "uninterpolated message template: " + r);
    }

    static void assertNoStackTraceOrHtml(ApiResponse r) {
        String body = r.body() == null ? "" : r.body();
        String lower = body.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("<html") || lower.contains("<!doctype") || lower.contains("<body"),
                () -> "HTML answer: " + r);
        assertFalse(body.contains("Exception") || body.contains("\tat ") || body.contains("at com.")
                || body.contains("at org.") || body.contains("at java."), () -> "stack trace in answer: " + r);
    }

    /** The fields named by a 422's (or 400's) details, sorted. */
    static Set<String> detailFields(ApiResponse r) {
        Set<String> fields = new TreeSet<>();
        for (JsonNode d : r.json().path("error").path("details")) {
            fields.add(d.path("field").asText(null));
        }
        return fields;
    }

    /** {@code {"items":[...],"total":N,"limit":N,"offset":N}}. */
    static JsonNode assertPage(ApiResponse r, int limit, int offset) {
        assertEquals(200, r.status(), () -> "status of " + r);
        JsonNode page = r.json();
        assertNotNull(page, () -> "body is not JSON: " + r);
        assertEquals(Set.of("items", "total", "limit", "offset"), fieldNames(page), () -> "list fields of " + r);
        assertTrue(page.get("items").isArray(), () -> "items is not a list: " + r);
        assertTrue(page.get("total").isIntegralNumber(), () -> "total is not a number: " + r);
        assertEquals(limit, page.get("limit").asInt(), () -> "limit of " + r);
        assertEquals(offset, page.get("offset").asInt(), () -> "offset of " + r);
        assertTrue(page.get("items").size() <= limit, () -> "more items than the limit: " + r);
        if (page.get("items").size() > 0) {
            assertTrue(page.get("total").asLong() >= offset + page.get("items").size(), () -> "total too small: " + r);
        }
        return page;
    }

    static String assertId(JsonNode id) {
        assertTrue(id != null && id.isTextual() && UUID_TEXT.matcher(id.asText()).matches(),
                () -> "id is not a UUID string: " + id);
        return id.asText();
    }

    static Instant assertTime(JsonNode time) {
        assertTrue(time != null && time.isTextual() && ISO_UTC.matcher(time.asText()).matches(),
                () -> "not an ISO-8601 UTC time string: " + time);
        return Instant.parse(time.asText());
    }

    static void assertCustomer(JsonNode c) {
        assertEquals(CUSTOMER_FIELDS, fieldNames(c), () -> "customer fields of " + c);
        assertId(c.get("id"));
        assertTrue(Set.of("active", "trial", "suspended", "cancelled").contains(c.get("status").asText()),
                () -> "status of " + c);
        assertEquals(Set.of("name", "monthlyPrice"), fieldNames(c.get("plan")), () -> "plan of " + c);
        assertTrue(c.get("plan").get("monthlyPrice").isNumber(), () -> "monthlyPrice of " + c);
        assertEquals(Set.of("properties", "users"), fieldNames(c.get("_count")), () -> "_count of " + c);
        assertTrue(c.get("_count").get("properties").isIntegralNumber(), () -> "_count.properties of " + c);
        assertTrue(c.get("_count").get("users").isIntegralNumber(), () -> "_count.users of " + c);
        Instant created = assertTime(c.get("createdAt"));
        Instant updated = assertTime(c.get("updatedAt"));
        assertFalse(updated.isBefore(created), () -> "updated before created: " + c);
    }

    /** An internal user, or with {@code customerId} a customer-side one. */
    static void assertUser(JsonNode u, String customerId) {
        Set<String> expected = new TreeSet<>(USER_FIELDS);
        if (customerId != null) {
            expected.add("customerId");
            assertEquals(customerId, u.path("customerId").asText(), () -> "customerId of " + u);
        }
        assertEquals(expected, fieldNames(u), () -> "user fields of " + u);
        assertId(u.get("id"));
        assertTrue(u.get("permissions").isArray(), () -> "permissions of " + u);
        assertTrue(u.get("isActive").isBoolean(), () -> "isActive of " + u);
        assertEquals(u.get("isActive").asBoolean() ? "active" : "inactive", u.get("status").asText());
        assertTime(u.get("createdAt"));
        assertTime(u.get("updatedAt"));
    }

    /** No password field, no bcrypt hash, no plain password anywhere in the answer. */
    static void assertNoSecrets(ApiResponse r, String... plainPasswords) {
        String body = r.body() == null ? "" : r.body();
        for (String marker : SECRET_MARKERS) {
            assertFalse(body.toLowerCase(Locale.ROOT).contains(marker.toLowerCase(Locale.ROOT)),
                    () -> "'" + marker + "' in " + r);
        }
        for (String password : plainPasswords) {
            assertFalse(body.contains(password), () -> "a plain password in " + r);
        }
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        if (node != null) {
            Iterator<String> it = node.fieldNames();
            it.forEachRemaining(names::add);
        }
        return names;
    }

    /** The ids of a list answer's items, in order. */
    static List<String> ids(ApiResponse r) {
        return ids(r.json());
    }

    /** The ids of a page's items, in order. */
    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }
}
