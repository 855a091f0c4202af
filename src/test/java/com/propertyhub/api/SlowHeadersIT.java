package com.propertyhub.api;

import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.RawRequest;
import com.propertyhub.testsupport.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client that trickles its request head (slowloris) is cut off {@code HTTP_HEADER_TIMEOUT} after the connection
 * opened or its previous answer ended, although each header line restarts Jetty's idle timeout; an event stream,
 * whose head came in at once, stays open past the deadline.
 */
@NodeTest.NodeSettings("HTTP_HEADER_TIMEOUT=2s")
class SlowHeadersIT extends NodeTest {
    /** Far beyond the 2 s deadline, and short of Jetty's 30 s idle timeout, which the trickle keeps restarting. */
    private static final Duration GIVE_UP = Duration.ofSeconds(20);
    private static final int TRICKLE_MILLIS = 500;

    @Test
    void aRequestHeadTrickledLineByLineIsCutOff() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + node.port() + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertClosedWhileTrickling(socket);
        }
    }

    @Test
    void theNextRequestHeadOnAKeptAliveConnectionIsCutOffToo() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1:" + node.port() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = readAnswerHead(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            out.write("GET /health HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertClosedWhileTrickling(socket);
        }
    }

    @Test
    void anOpenStreamOutlivesTheDeadlineAndOthersAreServed() throws IOException {
        try (SseClient stream = admin.stream()) {
            assertEquals(200, stream.status());
            stream.await("ready", GIVE_UP);
            try (Socket slow = connect()) {
                slow.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                assertClosedWhileTrickling(slow);
            }
            assertEquals(200, RawRequest.send(node.port(), "GET /health HTTP/1.1", Map.of()).status());
            JsonNode emitted = expect(admin.post("/api/realtime/emit",
                    Map.of("room", "admins", "event", "test:after", "data", Map.of())), 201).json();
            stream.await(e -> emitted.get("id").asText().equals(e.id()), GIVE_UP, "an event after the deadline passed");
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", node.port()), 5_000);
        socket.setSoTimeout(TRICKLE_MILLIS);
        return socket;
    }

    /** Sends one more header line whenever the server has said nothing for a while, until it closes the connection. */
    private static void assertClosedWhileTrickling(Socket socket) throws IOException {
        long giveUp = System.nanoTime() + GIVE_UP.toNanos();
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        for (int line = 0; System.nanoTime() < giveUp; line++) {
            try {
                out.write(("X-Slow-" + line + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                int read = in.read();
                assertEquals(-1, read, "the server answered a request it has not fully received");
                return;
            } catch (SocketTimeoutException stillOpen) {
                // no answer yet: trickle on
            } catch (SocketException closed) {
                return; // reset or broken pipe: closed
            }
        }
        throw new AssertionError("the connection was still open after " + GIVE_UP.toSeconds()
                + " s of trickled headers");
    }

    private static String readAnswerHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        long giveUp = System.nanoTime() + GIVE_UP.toNanos();
        while (!head.toString().endsWith("\r\n\r\n") && System.nanoTime() < giveUp) {
            try {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            } catch (SocketTimeoutException e) {
                // keep waiting until the answer is complete
            }
        }
        // /health/live answers a small JSON body with a length; read it so the connection is at the next request
        String text = head.toString();
        int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
        if (at >= 0) {
            int length = Integer.parseInt(text.substring(at + 15, text.indexOf("\r\n", at)).trim());
            for (int i = 0; i < length; i++) {
                in.read();
            }
        }
        return text;
    }
}
