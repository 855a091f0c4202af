package com.propertyhub.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An event stream read by Python {@code requests} ({@code stream=True}, {@code iter_lines()}; urllib3 underneath,
 * as sseclient-py and requests-sse use it), run by Debian's {@code python3} with {@code python3-requests}
 * (installed by {@link Apt} when missing). The script ({@code clients/requests_stream.py}) prints one JSON line
 * per dispatched event with the wall-clock time the event was handed to it.
 */
public final class RequestsStream implements AutoCloseable {
    private static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final JsonNode head;

    private RequestsStream(Process process, Duration timeout) throws InterruptedException {
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
        }, "requests-stream-output");
        reader.setDaemon(true);
        reader.start();
        this.head = next(timeout, "the response head");
    }

    /** Opens {@code url} with {@code Authorization: Bearer token}; returns once the response head arrived. */
    public static RequestsStream open(String url, String token, Duration timeout) {
        Apt.install("Python requests (Debian's python3-requests)", RequestsStream::installed,
                "python3", "python3-requests");
        try {
            Path script = Files.createTempFile("requests_stream", ".py");
            script.toFile().deleteOnExit();
            try (InputStream in = RequestsStream.class.getResourceAsStream("/clients/requests_stream.py")) {
                if (in == null) {
                    throw new IllegalStateException("clients/requests_stream.py is not on the test class path");
                }
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            Process p = new ProcessBuilder(PYTHON, "-u", script.toString(), url, token)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try {
                return new RequestsStream(p, timeout);
            } catch (InterruptedException | RuntimeException | Error e) {
                p.destroyForcibly();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean installed() {
        return Files.isExecutable(Path.of(PYTHON))
                && Processes.cmd(PYTHON, "-c", "import requests").timeout(Duration.ofSeconds(30)).exec().ok();
    }

    /** {@code {"status": ..., "transfer_encoding": ..., "connection": ...}} as requests saw them. */
    public JsonNode head() {
        return head;
    }

    /**
     * The next event named {@code name} within {@code timeout} (others, such as presence signals, are passed
     * over): {@code {"t": seconds since the epoch when it was handed over, "id": ..., "event": ...}}.
     */
    public JsonNode await(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                JsonNode event = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), "the event " + name);
                if (name.equals(event.path("event").asText())) {
                    return event;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode next(Duration timeout, String what) throws InterruptedException {
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

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
