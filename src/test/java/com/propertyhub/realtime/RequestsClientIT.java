package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.testsupport.Apt;
import com.propertyhub.testsupport.Markers;
import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stream read by Python {@code requests} (urllib3 underneath, as sseclient-py and requests-sse use it):
 * urllib3 hands a chunk of an HTTP/1.1 chunked body over only once the CRLF that ends it has arrived, so every
 * event must be written as a complete chunk, not completed by the next frame. The heartbeat is set far beyond
 * the deadlines here, so an event held back until the next frame fails the test instead of arriving late.
 */
@NodeTest.NodeSettings({"SSE_HEARTBEAT=120s"})
class RequestsClientIT extends NodeTest {
    private static final String PYTHON = "/usr/bin/python3";
    /** Generous for a loaded 2-core box; an event held back by the framing waits for the 120 s heartbeat. */
    private static final Duration DELIVERY = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Process client;

    @AfterEach
    void stopClient() {
        if (client != null) {
            client.destroyForcibly();
        }
    }

    @Test
    void everyEventReachesARequestsClientWhenItIsWrittenNotWithTheNextFrame() throws Exception {
        Apt.install("Python requests (Debian's python3-requests)", RequestsClientIT::requestsInstalled,
                "python3", "python3-requests");
        Output out = start(node.baseUrl() + "/api/events", admin.token());

        JsonNode head = out.next(DELIVERY, "the response head");
        assertEquals(200, head.get("status").asInt(), head.toString());
        out.awaitEvent("ready", DELIVERY);

        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long emittedAt = System.currentTimeMillis();
            long id = Markers.emit(admin, Markers.EVERYONE, "test:latency", Map.of("n", i));
            JsonNode event = out.awaitEvent("test:latency", DELIVERY);
            assertEquals(String.valueOf(id), event.get("id").asText(), "events arrive in order, one by one");
            latencies.add(Math.round(event.get("t").asDouble() * 1000) - emittedAt);
        }
        latencies.sort(null);
        // For the record (the performance notes quote it): emit request sent -> event handed to the script.
        System.out.println("[RequestsClientIT] framing: Transfer-Encoding=" + head.path("transfer_encoding").asText()
                + ", delivery latency to python-requests (ms): median " + latencies.get(latencies.size() / 2)
                + ", max " + latencies.get(latencies.size() - 1) + ", all " + latencies);
    }

    private static boolean requestsInstalled() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        return Processes.cmd(PYTHON, "-c", "import requests").timeout(Duration.ofSeconds(30)).exec().ok();
    }

    private Output start(String url, String token) throws IOException {
        Path script = Files.createTempFile("requests_stream", ".py");
        script.toFile().deleteOnExit();
        try (InputStream in = RequestsClientIT.class.getResourceAsStream("/clients/requests_stream.py")) {
            assertNotNull(in, "clients/requests_stream.py on the test class path");
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        client = new ProcessBuilder(PYTHON, "-u", script.toString(), url, token)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        return new Output(client);
    }

    /** The script's JSON lines, read as they come. */
    private static final class Output {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Process process;

        Output(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the process was stopped
                }
            }, "requests-client-output");
            reader.setDaemon(true);
            reader.start();
        }

        JsonNode next(Duration timeout, String what) throws InterruptedException {
            String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new AssertionError("python-requests did not receive " + what + " within " + timeout
                        + (process.isAlive() ? "" : " (the client exited with " + process.exitValue() + ")"));
            }
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line from the client: " + line, e);
            }
        }

        /** The next event named {@code name} (others, such as presence signals, are passed over). */
        JsonNode awaitEvent(String name, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                JsonNode event = next(left, "the event " + name);
                if (name.equals(event.path("event").asText())) {
                    return event;
                }
            }
        }
    }
}
