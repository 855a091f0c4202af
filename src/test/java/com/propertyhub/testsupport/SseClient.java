package com.propertyhub.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A real server-sent-events client over HTTP: parses frames per the WHATWG rules on a reader thread and lets
 * tests wait for what they expect, with deadlines.
 */
public final class SseClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

    private final String url;
    private final String token;
    /** When set, gets every event with an id instead of {@link #events} (long runs would pile them up). */
    private final Consumer<SseEvent> onDataEvent;
    /** Sent with the request besides the token, e.g. the X-Forwarded-For a reverse proxy would add. */
    private final Map<String, String> headers;
    private final List<SseEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger comments = new AtomicInteger();
    private volatile boolean ended;
    /** {@link System#nanoTime()} of the last line read (any line: events, comments), or of the connect. */
    private volatile long lastLineNanos = System.nanoTime();
    private volatile String lastEventId;
    private volatile String retry;
    private InputStream body;
    private int status;
    private String errorBody;
    private HttpResponse<InputStream> response;

    private SseClient(String url, String token, String lastEventId, Consumer<SseEvent> onDataEvent,
                      Map<String, String> headers) {
        this.url = url;
        this.token = token;
        this.lastEventId = lastEventId;
        this.onDataEvent = onDataEvent;
        this.headers = headers;
    }

    /** Opens {@code url} (bearer {@code token} may be null), sending {@code Last-Event-ID} when given. */
    public static SseClient open(String url, String token, String lastEventId) {
        return open(url, token, lastEventId, null);
    }

    /**
     * Like {@link #open(String, String, String)}, but every data event (see {@link #dataEvents()}) goes to
     * {@code onDataEvent} (on the reader thread, in arrival order) and is not kept; {@link #events()} holds only the
     * others ({@code ready}, {@code resync}, ...). For streams that run for minutes.
     */
    public static SseClient open(String url, String token, String lastEventId, Consumer<SseEvent> onDataEvent) {
        SseClient c = new SseClient(url, token, lastEventId, onDataEvent, Map.of());
        c.connect();
        return c;
    }

    /** Like {@link #open(String, String, String)}, also sending {@code headers}. */
    public static SseClient openWithHeaders(String url, String token, Map<String, String> headers) {
        SseClient c = new SseClient(url, token, null, null, Map.copyOf(headers));
        c.connect();
        return c;
    }

    private void connect() {
        // The timeout covers the response head only (the body is a stream): a server that never answers fails
        // the test here instead of hanging it.
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .timeout(OPEN_TIMEOUT);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        headers.forEach(b::header);
        try {
            response = HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        status = response.statusCode();
        body = response.body();
        if (status != 200) {
            try (InputStream in = body) {
                errorBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                errorBody = "";
            }
            ended = true;
            return;
        }
        Thread reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            String line;
            while ((line = in.readLine()) != null) {
                lastLineNanos = System.nanoTime();
                if (line.isEmpty()) {
                    if (data != null) {
                        String raw = data.toString();
                        if (id != null) {
                            lastEventId = id;
                        }
                        SseEvent parsed = new SseEvent(id, event == null ? "message" : event, raw, parse(raw));
                        if (onDataEvent != null && isData(parsed)) {
                            onDataEvent.accept(parsed);
                        } else {
                            events.add(parsed);
                        }
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> event = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        case "retry" -> retry = value;
                        default -> { }
                    }
                }
            }
        } catch (IOException e) {
            // closed by us or by the server
        } finally {
            ended = true;
        }
    }

    private static JsonNode parse(String raw) {
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The body of a refused stream (the JSON error). */
    public JsonNode error() {
        return parse(errorBody);
    }

    public List<SseEvent> events() {
        return List.copyOf(events);
    }

    /** Events that carry an id (data events), in arrival order. */
    public List<SseEvent> dataEvents() {
        return events.stream().filter(SseClient::isData).toList();
    }

    /** An event of the log: one with an id, but not resync (whose id is the position the stream goes on from). */
    private static boolean isData(SseEvent e) {
        return e.id() != null && !e.event().equals("resync");
    }

    public List<SseEvent> named(String name) {
        return events.stream().filter(e -> e.event().equals(name)).toList();
    }

    public int comments() {
        return comments.get();
    }

    public String retry() {
        return retry;
    }

    public String lastEventId() {
        return lastEventId;
    }

    /**
     * How long nothing (no event, no heartbeat comment) has arrived: a stream whose node froze stays open at the
     * TCP level and just goes quiet.
     */
    public Duration silence() {
        return Duration.ofNanos(System.nanoTime() - lastLineNanos);
    }

    /** True once the server ended the stream (or it was refused). */
    public boolean ended() {
        return ended;
    }

    public SseEvent await(Predicate<SseEvent> match, Duration timeout, String description) {
        Await.until(timeout, () -> events.stream().anyMatch(match), description + " on " + url);
        return events.stream().filter(match).findFirst().orElseThrow();
    }

    public SseEvent await(String name, Duration timeout) {
        return await(e -> e.event().equals(name), timeout, "event " + name);
    }

    public void awaitCount(String name, int count, Duration timeout) {
        Await.until(timeout, () -> named(name).size() >= count, count + " x " + name + " on " + url);
    }

    public void awaitEnded(Duration timeout) {
        Await.until(timeout, () -> ended, "the server to end the stream " + url);
    }

    /**
     * Asserts that the server refused this stream for now, the way every standard client retries by itself: a
     * {@code 200 text/event-stream} with {@code retry:} set to Retry-After (in ms), one {@code unavailable}
     * event with {@code code} and nothing else, and the end of the stream. Returns the event's data.
     */
    public JsonNode awaitTemporaryRefusal(String code, Duration timeout) {
        if (status != 200 || !header("Content-Type").startsWith("text/event-stream")) {
            throw new AssertionError("expected a 200 text/event-stream refusal, got " + status + " "
                    + header("Content-Type") + " " + errorBody);
        }
        awaitEnded(timeout);
        List<SseEvent> all = events();
        if (all.size() != 1 || !all.get(0).event().equals("unavailable") || all.get(0).id() != null) {
            throw new AssertionError("expected exactly one unavailable event without an id, got " + all);
        }
        JsonNode data = all.get(0).json();
        long retryAfter = data.path("retryAfter").asLong();
        if (!code.equals(data.path("code").asText()) || !data.path("message").isTextual() || retryAfter < 1) {
            throw new AssertionError("unavailable should carry code " + code + ", a message and retryAfter: " + data);
        }
        if (!Long.toString(retryAfter * 1000).equals(retry)
                || !Long.toString(retryAfter).equals(header("Retry-After"))) {
            throw new AssertionError("retry: " + retry + " and Retry-After " + header("Retry-After")
                    + " should both be retryAfter " + retryAfter + " s");
        }
        return data;
    }

    /** True if the server refused this stream for now (see {@link #awaitTemporaryRefusal}); waits for its end. */
    public boolean refusedForNow(Duration timeout) {
        if (status != 200) {
            return false;
        }
        Await.until(timeout, () -> ended || !events.isEmpty(), "the first event on " + url);
        return !events.isEmpty() && events.get(0).event().equals("unavailable");
    }

    /** A new connection resuming from the last id this one saw, as a browser's EventSource does. */
    public SseClient reconnect() {
        close();
        // The reader may still be parsing lines it had buffered before the close; resume after the last event it
        // handed over, not an earlier one (which would deliver that event twice, to this client and the next).
        awaitEnded(Duration.ofSeconds(10));
        SseClient next = new SseClient(url, token, lastEventId, onDataEvent, headers);
        next.connect();
        return next;
    }

    @Override
    public void close() {
        try {
            if (body != null) {
                body.close();
            }
        } catch (IOException ignored) {
            // already closed
        }
    }
}
