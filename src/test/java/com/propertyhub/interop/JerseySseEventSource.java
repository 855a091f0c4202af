package com.propertyhub.interop;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.sse.SseEventSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Jersey's {@link SseEventSource} (the Jakarta REST SSE client), as the README's Java recipe uses it. It
 * reconnects by itself when a stream ends (with {@code Last-Event-ID} and the server's {@code retry:}), which
 * covers cut connections, refusals and a stopping node. By design it gives up when it cannot connect at all (the
 * node is down for a moment) or gets an error answer: the recipe then opens a new source after a delay, sending
 * the last id it saw, unless the answer was a 4xx (401 after {@code auth:expired}: retrying cannot help).
 */
final class JerseySseEventSource extends RecordingClient {
    private static final long REOPEN_MILLIS = 1000;

    private final Client client = ClientBuilder.newClient();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final String url;
    private final String bearer;
    private volatile String lastEventId;
    private volatile SseEventSource source;
    private volatile boolean closed;

    JerseySseEventSource(String url, String bearer) {
        this.url = url;
        this.bearer = bearer;
        open();
    }

    private void open() {
        if (closed) {
            return;
        }
        String resumeFrom = lastEventId;
        WebTarget target = client.target(url).register((ClientRequestFilter) request -> {
            if (bearer != null) {
                request.getHeaders().putSingle("Authorization", "Bearer " + bearer);
            }
            // Jersey sends Last-Event-ID itself on its own reconnects; a new source starts from ours.
            if (resumeFrom != null && !request.getHeaders().containsKey("Last-Event-ID")) {
                request.getHeaders().putSingle("Last-Event-ID", resumeFrom);
            }
        });
        SseEventSource next = SseEventSource.target(target).reconnectingEvery(500, TimeUnit.MILLISECONDS).build();
        next.register(e -> {
            received.add(new Received(e.getName(), e.getId(), e.readData()));
            if (e.getId() != null) {
                lastEventId = e.getId();
            }
        }, this::failed);
        source = next;
        next.open();
    }

    private void failed(Throwable error) {
        if (error instanceof WebApplicationException answer && answer.getResponse().getStatus() >= 400
                && answer.getResponse().getStatus() < 500) {
            stopped = true;
            return;
        }
        if (!closed) {
            timer.schedule(this::open, REOPEN_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        SseEventSource s = source;
        if (s != null) {
            s.close(5, TimeUnit.SECONDS);
        }
        client.close();
    }
}
