package com.propertyhub.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * OkHttp's {@code okhttp-sse}, which by design does not reconnect: this is the README's recipe for doing it.
 * The read timeout is raised above the heartbeat (OkHttp's default of 10 s would cut a quiet stream with a
 * longer one); an ended stream or a network failure reconnects after the delay, with the last id seen as
 * {@code Last-Event-ID} (after {@code unavailable}, after its {@code retryAfter}); a 4xx answer or
 * {@code auth:expired} stops for good.
 */
final class OkHttpEventSource extends RecordingClient {
    private static final long RETRY_MILLIS = 500;

    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final String url;
    private final String bearer;
    private volatile String lastEventId;
    private volatile long nextDelay = RETRY_MILLIS;
    private volatile boolean expired;
    private volatile boolean closed;
    private volatile EventSource current;

    OkHttpEventSource(String url, String bearer) {
        this.url = url;
        this.bearer = bearer;
        open();
    }

    private void open() {
        if (closed) {
            return;
        }
        Request.Builder request = new Request.Builder().url(url).header("Accept", "text/event-stream");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        current = EventSources.createFactory(http).newEventSource(request.build(), new EventSourceListener() {
            @Override
            public void onEvent(EventSource source, String id, String type, String data) {
                received.add(new Received(type, id, data));
                if (id != null) {
                    lastEventId = id;
                }
                if ("auth:expired".equals(type)) {
                    expired = true;
                } else if ("unavailable".equals(type)) {
                    nextDelay = retryAfterMillis(data);
                }
            }

            @Override
            public void onClosed(EventSource source) {
                reconnectUnlessDone();
            }

            @Override
            public void onFailure(EventSource source, Throwable t, Response response) {
                if (response != null && response.code() >= 400 && response.code() < 500) {
                    stopped = true; // 401, 403, 400: retrying cannot help
                    return;
                }
                reconnectUnlessDone();
            }
        });
    }

    private void reconnectUnlessDone() {
        if (expired || closed) {
            stopped = true;
            return;
        }
        long delay = nextDelay;
        nextDelay = RETRY_MILLIS;
        timer.schedule(this::open, delay, TimeUnit.MILLISECONDS);
    }

    private static long retryAfterMillis(String data) {
        try {
            JsonNode reason = InteropScenarios.JSON.readTree(data);
            return Math.max(RETRY_MILLIS, reason.path("retryAfter").asLong() * 1000);
        } catch (IOException e) {
            return RETRY_MILLIS;
        }
    }

    @Override
    public void close() {
        closed = true;
        EventSource source = current;
        if (source != null) {
            source.cancel();
        }
        timer.shutdownNow();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
