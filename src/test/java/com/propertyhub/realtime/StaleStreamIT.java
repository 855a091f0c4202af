package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.TestNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A user at the stream limit because of streams their browser already dropped (a reload) gets back in quickly. */
class StaleStreamIT {
    static TestNode node;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(TestNode.freshDatabaseSettings());
        settings.put("SSE_MAX_STREAMS_PER_USER", "2");
        // Far longer than the wait below: the heartbeat must not be what clears the dead streams.
        settings.put("SSE_HEARTBEAT", "60s");
        node = TestNode.start(settings);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void streamsTheClientDroppedStopCountingWellBeforeTheNextHeartbeat() {
        ApiClient admin = node.api().loginAsAdmin();
        SseClient first = admin.stream();
        SseClient second = admin.stream();
        first.await("ready", Duration.ofSeconds(5));
        second.await("ready", Duration.ofSeconds(5));
        // At the limit: a third stream is refused for now while the two are open.
        try (SseClient third = admin.stream()) {
            third.awaitTemporaryRefusal("rate_limited", Duration.ofSeconds(5));
        }
        // The "reload": the browser drops both connections without a word to the server.
        first.close();
        second.close();

        AtomicReference<SseClient> reopened = new AtomicReference<>();
        Await.until(Duration.ofSeconds(10), () -> {
            SseClient attempt = admin.stream();
            if (!attempt.refusedForNow(Duration.ofSeconds(5))) {
                reopened.set(attempt);
                return true;
            }
            // Refused only by the limit, for now: a 200 stream with one unavailable event, and Retry-After.
            attempt.awaitTemporaryRefusal("rate_limited", Duration.ofSeconds(5));
            assertEquals("1", attempt.header("Retry-After"));
            return false;
        }, "a new stream opens once the dropped ones are noticed");
        reopened.get().await("ready", Duration.ofSeconds(5));
        reopened.get().close();
    }
}
