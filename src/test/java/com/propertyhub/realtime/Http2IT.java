package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.SelfSignedKeystore;
import com.propertyhub.testsupport.TestNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.SettingsFrame;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP/2 on the standalone server: many tabs' event streams and their REST calls multiplexed over one connection,
 * cleartext (h2c by prior knowledge, as proxies speak it to backends) and over TLS with ALPN (as browsers speak
 * it), with every event reaching every stream; HTTP/1.1 and the h2c upgrade still work on the same port.
 */
class Http2IT {
    private static final int STREAMS = 200;
    private static final int EVENTS = 5;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dir;
    private static SelfSignedKeystore keystore;
    private static TestNode node;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("h2it");
        keystore = SelfSignedKeystore.create(dir);
        List<String> settings = new ArrayList<>(List.of(keystore.settings()));
        settings.add("SSE_MAX_STREAMS_PER_USER=1000");
        settings.add("STREAM_RATE_BURST=1000");
        settings.add("SSE_HEARTBEAT=1s");
        // Short, so that every test here also shows an HTTP/2 connection is never taken for a slow request head.
        settings.add("HTTP_HEADER_TIMEOUT=" + HEADER_TIMEOUT.toSeconds() + "s");
        node = NodeTest.startNode(settings.toArray(String[]::new));
        admin = node.api().loginAsAdmin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2c", "h2"})
    void twoHundredStreamsAndRestCallsShareOneConnectionAndGetEveryEvent(String protocol) throws Exception {
        String base = protocol.equals("h2c") ? node.baseUrl() : node.httpsUrl();
        Await.until(WAIT, () -> node.openHttp2Connections() == 0, "the connections of earlier tests closed");
        long connectionsBefore = 0;
        try (H2 h2 = new H2()) {
            List<Stream> streams = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                streams.add(h2.openStream(base + "/api/events?events=h2:*", admin.token()));
            }
            Await.until(WAIT, () -> streams.stream().allMatch(s -> s.ready), STREAMS + " streams ready");
            streams.forEach(s -> assertEquals(HttpVersion.HTTP_2, s.version, "stream over HTTP/2"));
            assertEquals(1, node.openHttp2Connections() - connectionsBefore, "one HTTP/2 connection for everything");

            // REST calls on the same connection while the streams are open: reads, an error page, the emits.
            ContentResponse list = h2.request(base + "/api/customers?limit=5", "GET", null).send();
            assertEquals(200, list.getStatus(), list.getContentAsString());
            assertEquals(HttpVersion.HTTP_2, list.getVersion());
            assertTrue(JSON.readTree(list.getContentAsString()).has("items"), list.getContentAsString());
            ContentResponse missing = h2.request(base + "/api/no-such-thing", "GET", null).send();
            assertEquals(404, missing.getStatus());
            assertEquals("not_found", JSON.readTree(missing.getContentAsString()).path("error").path("code").asText(),
                    missing.getContentAsString());
            Set<String> ids = new java.util.LinkedHashSet<>();
            for (int i = 0; i < EVENTS; i++) {
                ContentResponse r = h2.request(base + "/api/realtime/emit", "POST",
                        "{\"room\":\"admins\",\"event\":\"h2:tick\",\"data\":{\"n\":" + i + "}}").send();
                assertEquals(201, r.getStatus(), r.getContentAsString());
                ids.add(JSON.readTree(r.getContentAsString()).path("id").asText());
            }
            Await.until(WAIT, () -> streams.stream().allMatch(s -> s.ids.keySet().containsAll(ids)),
                    "every one of " + EVENTS + " events on every one of " + STREAMS + " streams");
            for (Stream s : streams) {
                assertEquals(ids, s.ids.keySet(), "events of a stream");
                s.ids.values().forEach(n -> assertEquals(1, n.get(), "each event once"));
            }
            assertEquals(1, node.openHttp2Connections() - connectionsBefore, "still one connection");
            // Heartbeats reach an HTTP/2 stream too (SSE_HEARTBEAT=1s here).
            Stream first = streams.get(0);
            int comments = first.comments.get();
            Await.until(WAIT, () -> first.comments.get() > comments, "a heartbeat on an HTTP/2 stream");
            long connections = admin.get("/api/realtime/stats").json().path("connections").asLong();
            assertTrue(connections >= STREAMS, "stats count the streams: " + connections);

            // A stream the client ends (its HTTP/2 stream reset) is closed on the server; the others carry on.
            streams.get(1).response.abort(new Exception("tab closed"));
            Await.until(WAIT, () -> admin.get("/api/realtime/stats").json().path("connections").asLong()
                    == connections - 1, "the reset stream closed on the server");
        }
    }

    @Test
    void http11AndTheH2cUpgradeStillWorkOnTheSamePort() throws Exception {
        var http11 = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> plain = http11.send(health(node.baseUrl()), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, plain.statusCode());
        assertEquals(java.net.http.HttpClient.Version.HTTP_1_1, plain.version());

        // The JDK client asks for HTTP/2 on an http URL with "Upgrade: h2c"; the answer comes back over HTTP/2.
        var upgrading = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2).build();
        HttpResponse<String> upgraded = upgrading.send(health(node.baseUrl()), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, upgraded.statusCode());
        assertEquals(java.net.http.HttpClient.Version.HTTP_2, upgraded.version());

        // On the TLS port a client that offers only HTTP/1.1 by ALPN gets HTTP/1.1.
        var tls11 = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
                .sslContext(keystore.trustingClientContext()).build();
        HttpResponse<String> secure = tls11.send(health(node.httpsUrl()), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, secure.statusCode());
        assertEquals(java.net.http.HttpClient.Version.HTTP_1_1, secure.version());
    }

    @Test
    void theServerAnnouncesItsHeaderLimitAndStreamAndWindowSizes() throws Exception {
        // HTTP_MAX_HEADER_SIZE (default 16 KiB) bounds HTTP/2 header lists too: the server says so in its
        // SETTINGS, so a client refuses to send more, and the server resets a stream that does.
        ClientConnector connector = new ClientConnector();
        HTTP2Client http2 = new HTTP2Client(connector);
        http2.start();
        try {
            CompletableFuture<Map<Integer, Integer>> settings = new CompletableFuture<>();
            http2.connect(new InetSocketAddress("127.0.0.1", node.port()), new Session.Listener() {
                @Override
                public void onSettings(Session session, SettingsFrame frame) {
                    settings.complete(frame.getSettings());
                }
            }).get(30, TimeUnit.SECONDS);
            Map<Integer, Integer> s = settings.get(30, TimeUnit.SECONDS);
            assertEquals(16 * 1024, s.get(SettingsFrame.MAX_HEADER_LIST_SIZE), s.toString());
            assertEquals(1024, s.get(SettingsFrame.MAX_CONCURRENT_STREAMS), s.toString());
            assertEquals(1024 * 1024, s.get(SettingsFrame.INITIAL_WINDOW_SIZE), s.toString());
        } finally {
            http2.stop();
        }
        try (H2 h2 = new H2()) {
            ContentResponse under = h2.request(node.baseUrl() + "/api/customers?limit=1", "GET", null)
                    .headers(h -> h.put("Cookie", "session=" + "c".repeat(12 * 1024))).send();
            assertEquals(200, under.getStatus(), under.getContentAsString());
            // Over the announced limit a well-behaved client does not even send the request.
            Request over = h2.request(node.baseUrl() + "/api/customers?limit=1", "GET", null)
                    .headers(h -> h.put("Cookie", "session=" + "c".repeat(64 * 1024)));
            ExecutionException refused = assertThrows(ExecutionException.class, over::send);
            assertTrue(String.valueOf(refused.getCause()).contains("hpack"), refused.toString());
        }
    }

    private static HttpRequest health(String base) {
        return HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(20)).build();
    }

    /**
     * The request-head deadline times HTTP/1.x connections only: on HTTP/2 a finished REST call leaves the
     * connection carrying an event stream, and closing it then would end that stream.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2c", "h2"})
    void aStreamOutlivesTheRequestHeadDeadlineAfterRestCallsOnItsConnection(String protocol) throws Exception {
        String base = protocol.equals("h2c") ? node.baseUrl() : node.httpsUrl();
        try (H2 h2 = new H2()) {
            Stream stream = h2.openStream(base + "/api/events?events=h2:*", admin.token());
            Await.until(WAIT, () -> stream.ready, "the stream ready");
            assertEquals(200, h2.request(base + "/api/auth/me", "GET", null).send().getStatus());
            long quietUntil = System.nanoTime() + HEADER_TIMEOUT.multipliedBy(3).toNanos();
            Await.until(WAIT, () -> System.nanoTime() > quietUntil, "three request-head deadlines passed");
            ContentResponse r = h2.request(base + "/api/realtime/emit", "POST",
                    "{\"room\":\"admins\",\"event\":\"h2:later\",\"data\":{}}").send();
            assertEquals(201, r.getStatus(), r.getContentAsString());
            String id = JSON.readTree(r.getContentAsString()).path("id").asText();
            Await.until(WAIT, () -> stream.ids.containsKey(id), "the event on the stream opened before the deadlines");
        }
    }

    /** Jetty's HTTP/2 client, at most one connection per origin, trusting the node's certificate. */
    private static final class H2 implements AutoCloseable {
        final HttpClient client;

        H2() throws Exception {
            ClientConnector connector = new ClientConnector();
            SslContextFactory.Client tls = new SslContextFactory.Client();
            tls.setSslContext(keystore.trustingClientContext());
            connector.setSslContextFactory(tls);
            HTTP2Client http2 = new HTTP2Client(connector);
            // Jetty's client limits its own requests' headers to 8 KiB; the server's limit is the one under test.
            client = new HttpClient(new HttpClientTransportOverHTTP2(http2));
            client.setMaxRequestHeadersSize(128 * 1024);
            client.setMaxConnectionsPerDestination(1);
            client.setIdleTimeout(0);
            client.start();
        }

        Request request(String url, String method, String body) {
            Request r = client.newRequest(url).method(method).timeout(30, TimeUnit.SECONDS)
                    .headers(h -> h.put("Authorization", "Bearer " + admin.token()));
            return body == null ? r : r.body(new StringRequestContent("application/json", body));
        }

        Stream openStream(String url, String token) {
            InputStreamResponseListener listener = new InputStreamResponseListener();
            Request request = client.newRequest(url).headers(h -> h.put("Authorization", "Bearer " + token));
            request.send(listener);
            Stream s = new Stream(listener);
            Thread reader = new Thread(s::read, "h2-stream");
            reader.setDaemon(true);
            reader.start();
            return s;
        }

        @Override
        public void close() throws Exception {
            client.stop();
        }
    }

    /** One event stream: its frames are parsed on a reader thread. */
    private static final class Stream {
        final InputStreamResponseListener listener;
        final Map<String, AtomicInteger> ids = new ConcurrentHashMap<>();
        final AtomicInteger comments = new AtomicInteger();
        volatile boolean ready;
        volatile HttpVersion version;
        volatile Response response;

        Stream(InputStreamResponseListener listener) {
            this.listener = listener;
        }

        void read() {
            try {
                Response r = listener.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                response = r;
                version = r.getVersion();
                if (r.getStatus() != 200) {
                    return;
                }
                var in = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
                String event = null;
                String id = null;
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.isEmpty()) {
                        if ("ready".equals(event)) {
                            ready = true;
                        } else if (id != null) {
                            ids.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                        }
                        event = null;
                        id = null;
                    } else if (line.startsWith(":")) {
                        comments.incrementAndGet();
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    }
                }
            } catch (Exception e) {
                // The stream ended (the test aborted it or closed the client).
            }
        }
    }
}
