package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.Markers;
import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.RequestsStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stream read by Python {@code requests} (urllib3 underneath, as sseclient-py and requests-sse use it):
 * urllib3 hands a chunk of an HTTP/1.1 chunked body over only once the CRLF that ends it has arrived, so every
 * event must be written as a complete chunk, not completed by the next frame. The heartbeat is set far beyond
 * the deadlines here, so an event held back until the next frame fails the test instead of arriving late.
 */
@NodeTest.NodeSettings({"SSE_HEARTBEAT=120s"})
class RequestsClientIT extends NodeTest {
    /** Generous for a loaded 2-core box; an event held back by the framing waits for the 120 s heartbeat. */
    private static final Duration DELIVERY = Duration.ofSeconds(5);

    @Test
    void everyEventReachesARequestsClientWhenItIsWrittenNotWithTheNextFrame() {
        try (RequestsStream stream = RequestsStream.open(node.baseUrl() + "/api/events", admin.token(), DELIVERY)) {
            assertEquals(200, stream.head().get("status").asInt(), stream.head().toString());
            stream.await("ready", DELIVERY);

            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long emittedAt = System.currentTimeMillis();
                long id = Markers.emit(admin, Markers.EVERYONE, "test:latency", Map.of("n", i));
                JsonNode event = stream.await("test:latency", DELIVERY);
                assertEquals(String.valueOf(id), event.get("id").asText(), "events arrive in order, one by one");
                latencies.add(Math.round(event.get("t").asDouble() * 1000) - emittedAt);
            }
            latencies.sort(null);
            // For the record (the performance notes quote it): emit request sent -> event handed to the script.
            System.out.println("[RequestsClientIT] Transfer-Encoding: " + stream.head().path("transfer_encoding")
                    .asText()
                    + "; delivery latency to python-requests (ms): median " + latencies.get(latencies.size() / 2)
                    + ", max " + latencies.get(latencies.size() - 1) + ", all " + latencies);
        }
    }
}
