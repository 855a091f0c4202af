package com.propertyhub.api;

import static com.propertyhub.api.Contract.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.RawRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error answer has the same headers whoever writes it: Jersey's exception mappers, the event stream and the
 * other plain servlets and filters, the container's error page and the server's own refusals before any
 * application code runs. Each is {@code application/json} and {@code Cache-Control: no-store} exactly once, and
 * each 401 carries exactly one RFC 6750 challenge; the same refusal reads the same on the REST API, the event
 * stream and the metrics.
 */
class ErrorHeadersIT extends NodeTest {

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("REST API without a token", "GET /api/customers HTTP/1.1", Map.of(), 401, "unauthorized"),
                Arguments.of("event stream without credentials", "GET /api/events HTTP/1.1", Map.of(), 401,
                        "unauthorized"),
                Arguments.of("event stream with a spent ticket", "GET /api/events?ticket=spent HTTP/1.1", Map.of(),
                        401, "invalid_ticket"),
                Arguments.of("metrics without a token", "GET /metrics HTTP/1.1", Map.of(), 401, "unauthorized"),
                Arguments.of("REST API unknown path", "GET /api/nothing-here HTTP/1.1", Map.of(), 401,
                        "unauthorized"),
                Arguments.of("container error page", "GET /no-such-page.html HTTP/1.1", Map.of(), 404, "not_found"),
                Arguments.of("TRACE refused by the filter", "TRACE /api/customers HTTP/1.1", Map.of(), 405,
                        "method_not_allowed"),
                Arguments.of("server refusal before the application", "GET /api/customers HTTP/1.1",
                        Map.of("Cookie", "c=" + "c".repeat(64 * 1024)), 431, "headers_too_large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void everyErrorIsNoStoreAndEvery401HasOneChallenge(String what, String requestLine, Map<String, String> headers,
                                                       int status, String code) {
        ApiResponse r = RawRequest.send(node.port(), requestLine, headers);
        assertError(r, status, code);
        assertEquals(List.of("application/json"), r.headers().allValues("Content-Type"), () -> what + ": "
                + r.headers());
        assertEquals(List.of("no-store"), r.headers().allValues("Cache-Control"), () -> what + ": " + r.headers());
        List<String> challenges = r.headers().allValues("WWW-Authenticate");
        if (status == 401) {
            assertEquals(1, challenges.size(), () -> what + ": " + r.headers());
            String expected = "unauthorized".equals(code) ? "Bearer" : "Bearer error=\"invalid_token\"";
            assertTrue(challenges.get(0).startsWith(expected), () -> what + ": " + challenges);
        } else {
            assertEquals(List.of(), challenges, () -> what + ": " + r.headers());
        }
        assertEquals(List.of(), r.headers().allValues("Retry-After"), () -> what + ": " + r.headers());
    }

    @Test
    void aBadTokenIsRefusedAlikeByTheRestApiTheEventStreamAndTheMetrics() {
        Map<String, String> bad = Map.of("Authorization", "Bearer not.a.token");
        ApiResponse rest = RawRequest.send(node.port(), "GET /api/customers HTTP/1.1", bad);
        ApiResponse stream = RawRequest.send(node.port(), "GET /api/events HTTP/1.1", bad);
        ApiResponse metrics = RawRequest.send(node.port(), "GET /metrics HTTP/1.1", bad);
        for (ApiResponse r : List.of(rest, stream, metrics)) {
            assertError(r, 401, "invalid_token");
            assertEquals(rest.json(), r.json(), () -> "body of " + r);
            for (String header : List.of("Content-Type", "Cache-Control", "WWW-Authenticate")) {
                assertEquals(rest.headers().allValues(header), r.headers().allValues(header),
                        () -> header + " of " + r + " against the REST API's " + rest.headers());
            }
        }
    }
}
