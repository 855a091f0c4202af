package com.propertyhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.testsupport.ApiResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP with bodies that {@code ApiClient} does not send: over-sized ones, with a declared length or chunked.
 * It has a connection pool of its own, so what the server does to a connection here cannot affect other tests.
 */
final class RawHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;

    RawHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A body of {@code size} bytes sent with {@code Content-Length}. */
    ApiResponse sendWithLength(String method, String path, String token, byte[] body) {
        return send(method, path, token, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** A body sent with {@code Transfer-Encoding: chunked} (the publisher does not know its length). */
    ApiResponse sendChunked(String method, String path, String token, byte[] body) {
        return send(method, path, token,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    }

    ApiResponse get(String path, String token) {
        return send("GET", path, token, HttpRequest.BodyPublishers.noBody());
    }

    /** A GET with this exact {@code Authorization} header value (other schemes, odd spacing). */
    ApiResponse getWithAuthorization(String path, String authorization) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).GET(), "GET " + path);
    }

    /** A syntactically valid JSON object of more than {@code bytes} bytes: one long string field. */
    static byte[] jsonLargerThan(int bytes) {
        return ("{\"company\":\"" + "x".repeat(bytes) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private ApiResponse send(String method, String path, String token, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b, method + " " + path);
    }

    private ApiResponse send(HttpRequest.Builder b, String what) {
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(r.statusCode(), r.headers(), r.body(), parse(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(what + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
