package com.propertyhub.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Customer changes timed one by one: each {@link #write()} PATCHes one customer's company to a name of its own and
 * records when the request was sent and how long its answer took, so a stream's {@code customer:updated} events can
 * be matched to their writes and timed from write to arrival ({@link SseEvent#receivedNanos()}).
 */
public final class TimedWrites {
    private static final String EVENT = "customer:updated";

    private final ApiClient writer;
    private final String customerId;
    private final String label;
    private final List<String> companies = new ArrayList<>();
    private final Map<String, Long> sentAt = new HashMap<>();
    private final Drill.Latencies answers = new Drill.Latencies();

    /** Changes through {@code writer} (an admin client of the node to write on) a new customer named {@code label}. */
    public TimedWrites(ApiClient writer, String label) {
        this.writer = writer;
        this.label = label;
        this.customerId = Fixtures.customer(writer, label).get("id").asText();
    }

    /** One PATCH, failing loudly if it is not a 200; returns its answer time in nanoseconds. */
    public long write() {
        String company = label + " #" + companies.size();
        long sent = System.nanoTime();
        Fixtures.expect(writer.patch("/api/customers/" + customerId, Map.of("company", company)), 200);
        long took = System.nanoTime() - sent;
        synchronized (this) {
            companies.add(company);
            sentAt.put(company, sent);
        }
        answers.add(sent, took);
        return took;
    }

    /** {@code n} writes, one after the other. */
    public TimedWrites write(int n) {
        for (int i = 0; i < n; i++) {
            write();
        }
        return this;
    }

    public synchronized int count() {
        return companies.size();
    }

    /** The answer times of the writes so far. */
    public Drill.Latencies answers() {
        return answers;
    }

    /** The company names written, in write order. */
    public synchronized List<String> companies() {
        return List.copyOf(companies);
    }

    /** The companies of this customer's {@code customer:updated} events on {@code stream}, in arrival order. */
    public List<String> arrived(SseClient stream) {
        return stream.named(EVENT).stream()
                .filter(e -> customerId.equals(e.json().path("customer").path("id").asText()))
                .map(e -> e.json().path("customer").path("company").asText()).toList();
    }

    /** When the first of the writes from number {@code from} on arrived on {@code stream} (nanoTime); MAX if none. */
    public long firstArrival(SseClient stream, int from) {
        List<String> wanted = companies().subList(from, count());
        return stream.named(EVENT).stream()
                .filter(e -> customerId.equals(e.json().path("customer").path("id").asText())
                        && wanted.contains(e.json().path("customer").path("company").asText()))
                .mapToLong(SseEvent::receivedNanos).min().orElse(Long.MAX_VALUE);
    }

    /** Waits until every write so far has reached {@code stream}. */
    public void awaitAll(SseClient stream, Duration timeout) {
        int expected = count();
        Await.until(timeout, () -> arrived(stream).size() >= expected,
                expected + " changes of " + label + " on " + stream + " (so far " + arrived(stream).size() + ")");
    }

    /**
     * The fast path between two nodes, timed: {@code n} changes written one after the other through {@code writer}
     * (a client of node A), each timed from its request to its arrival on a new stream on {@code streamBaseUrl}
     * (node B) opened with the writer's token, after 10 untimed ones (a node that just started is still compiling its
     * hot paths). Fails unless every change arrives once, in order, within {@code wait}.
     */
    public static Drill.Latencies across(ApiClient writer, String streamBaseUrl, int n, Duration wait) {
        try (SseClient stream = SseClient.open(streamBaseUrl + "/api/events", writer.token(), null)) {
            if (stream.status() != 200) {
                throw new AssertionError("stream refused on " + streamBaseUrl + ": " + stream.status());
            }
            stream.await("ready", wait);
            new TimedWrites(writer, "Warming up Co").write(10).awaitAll(stream, wait);
            TimedWrites writes = new TimedWrites(writer, "Across nodes Co").write(n);
            writes.awaitAll(stream, wait);
            if (!writes.companies().equals(writes.arrived(stream))) {
                throw new AssertionError("changes arrived out of order or twice: " + writes.arrived(stream));
            }
            return writes.deliveries(stream);
        }
    }

    /** Write-to-arrival time of each write that reached {@code stream}, by when it was sent. */
    public synchronized Drill.Latencies deliveries(SseClient stream) {
        Drill.Latencies latencies = new Drill.Latencies();
        for (SseEvent e : stream.named(EVENT)) {
            Long sent = sentAt.get(e.json().path("customer").path("company").asText());
            if (sent != null && customerId.equals(e.json().path("customer").path("id").asText())) {
                latencies.add(sent, e.receivedNanos() - sent);
            }
        }
        return latencies;
    }
}
