package com.propertyhub.interop;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.sse.SseEventSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Jersey's {@link SseEventSource} (the Jakarta REST SSE client): reconnects by itself, with {@code Last-Event-ID}
 * and the server's {@code retry:}. The README's Java recipe: a request filter adds the bearer header.
 */
final class JerseySseEventSource implements InteropClient {
    private final Client client = ClientBuilder.newClient();
    private final SseEventSource source;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    JerseySseEventSource(String url, String bearer) {
        WebTarget target = client.target(url);
        if (bearer != null) {
            target = target.register((ClientRequestFilter) request ->
                    request.getHeaders().putSingle("Authorization", "Bearer " + bearer));
        }
        source = SseEventSource.target(target).reconnectingEvery(500, TimeUnit.MILLISECONDS).build();
        source.register(e -> received.add(new Received(e.getName(), e.getId(), e.readData())),
                error -> { }, () -> { });
        source.open();
    }

    @Override
    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public boolean stopped() {
        return !source.isOpen();
    }

    @Override
    public void close() {
        source.close(5, TimeUnit.SECONDS);
        client.close();
    }
}
