package com.propertyhub.ops;

import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.RawRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} is for SUPER_ADMIN and ADMIN tokens and the {@code METRICS_TOKEN} scrape token only, and what
 * clients send cannot grow it: the request timer is tagged with the matched route and known methods, so requests
 * to invented paths and with invented methods add no series.
 */
@NodeTest.NodeSettings("METRICS_TOKEN=" + MetricsIT.SCRAPE_TOKEN)
class MetricsIT extends NodeTest {
    static final String SCRAPE_TOKEN = "scrape-token-0123456789abcdef0123456789";
    private static final Pattern SERIES = Pattern.compile("^http_server_requests_seconds_count\\{(.*)} ",
            Pattern.MULTILINE);
    private static final Pattern METHOD = Pattern.compile("method=\"([^\"]*)\"");
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "other");

    @Test
    void withoutCredentialsMetricsAre401Json() {
        ApiResponse r = node.api().get("/metrics");
        assertEquals(401, r.status(), r::toString);
        assertEquals("unauthorized", r.errorCode(), r::toString);
        assertEquals("Bearer", r.header("WWW-Authenticate"));
        assertTrue(r.header("Content-Type").startsWith("application/json"), r::toString);
        assertFalse(r.body().contains("jvm_"), r::toString);
        assertEquals(401, node.api().as("not-a-token").get("/metrics").status());
        assertEquals(401, node.api().as(SCRAPE_TOKEN + "x").get("/metrics").status());
        assertEquals(401, RawRequest.send(node.port(), "GET /metrics HTTP/1.1",
                Map.of("Authorization", "Basic " + SCRAPE_TOKEN)).status());
    }

    @Test
    void onlySuperAdminsAdminsAndTheScrapeTokenReadMetrics() {
        String customerId = Fixtures.customer(admin, "Metrics " + UUID.randomUUID()).get("id").asText();
        List<ApiClient> refused = new ArrayList<>();
        refused.add(Fixtures.loginAs(admin, Fixtures.staff(admin, "SUPPORT")));
        for (String role : List.of("OWNER", "MANAGER", "TENANT")) {
            refused.add(Fixtures.loginAs(admin, Fixtures.customerUser(admin, customerId, role)));
        }
        for (ApiClient client : refused) {
            ApiResponse r = client.get("/metrics");
            assertEquals(403, r.status(), r::toString);
            assertFalse(r.body().contains("jvm_"), r::toString);
        }
        ApiClient anAdmin = Fixtures.loginAs(admin, Fixtures.staff(admin, "ADMIN"));
        for (ApiClient reader : List.of(admin, anAdmin, node.api().as(SCRAPE_TOKEN))) {
            ApiResponse r = expect(reader.get("/metrics"), 200);
            assertTrue(r.body().contains("jvm_memory_used_bytes"), r::toString);
        }
    }

    @Test
    void inventedPathsAndMethodsAddNoSeries() {
        series(); // the scrape's own series exists from here on
        flood();
        Set<String> afterOne = series();
        flood();
        Set<String> afterTwo = series();
        Set<String> added = new TreeSet<>(afterTwo);
        added.removeAll(afterOne);
        assertEquals(Set.of(), added, "series added by a second flood of other invented paths and methods");
        for (String labels : afterTwo) {
            Matcher method = METHOD.matcher(labels);
            assertTrue(method.find() && KNOWN_METHODS.contains(method.group(1)), labels);
            assertFalse(labels.toLowerCase(java.util.Locale.ROOT).contains("zz"),
                    "a client's path or method in a label: " + labels);
        }
        assertTrue(afterTwo.stream().anyMatch(l -> l.contains("route=\"/api/customers/{id}\"")), afterTwo::toString);
        assertTrue(afterTwo.stream().anyMatch(l -> l.contains("route=\"unmatched\"")), afterTwo::toString);
    }

    /** 150 requests to invented paths (every one marked "zz"), 40 of them with invented methods. */
    private static void flood() {
        Map<String, String> token = Map.of("Authorization", "Bearer " + admin.token());
        for (int i = 0; i < 10; i++) {
            send("GET /api/zz" + random() + " HTTP/1.1", Map.of());
            send("GET /api/zz" + random() + "/" + random() + " HTTP/1.1", token);
            send("GET /api/customers/" + UUID.randomUUID() + " HTTP/1.1", token);
            send("DELETE /api/users/zz" + random() + " HTTP/1.1", token);
            send("GET /zz" + random() + ".html HTTP/1.1", Map.of());
            send("GET /health/zz" + random() + " HTTP/1.1", Map.of());
            send("POST /metrics/zz" + random() + " HTTP/1.1", Map.of());
            send("TRACE /zz" + random() + " HTTP/1.1", Map.of());
            send("PATCH /api/events/zz" + random() + " HTTP/1.1", token);
            send("GET /api/events?zz" + random() + "=1 HTTP/1.1", Map.of());
            send("GET /index.html?zz" + random() + " HTTP/1.1", Map.of());
            send("ZZ" + random() + " /api/customers HTTP/1.1", Map.of());
            send("ZZ" + random() + " /api/customers HTTP/1.1", token);
            send("ZZ" + random() + " /zz" + random() + " HTTP/1.1", Map.of());
            send("ZZ" + random() + " /health/zz" + random() + " HTTP/1.1", Map.of());
        }
    }

    private static void send(String requestLine, Map<String, String> headers) {
        RawRequest.send(node.port(), requestLine, headers);
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
    }

    private static Set<String> series() {
        String text = expect(node.api().as(SCRAPE_TOKEN).get("/metrics"), 200).body();
        Set<String> found = new TreeSet<>();
        Matcher m = SERIES.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
