package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Markers;
import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.RawStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.1 framing of the stream, byte by byte: each event is one complete chunk ({@code size CRLF data
 * CRLF}) the moment it is written, never completed by the next frame, and a stream the server ends cleanly
 * ends with the last chunk. The heartbeat is far away, so nothing else arrives to complete a chunk.
 */
@NodeTest.NodeSettings({"SSE_HEARTBEAT=120s"})
class StreamChunksIT extends NodeTest {

    @Test
    void everyEventIsACompleteChunkWhenItArrivesAndACleanEndIsTheLastChunk() {
        ApiClient session = node.api().loginAsAdmin();
        try (RawStream stream = RawStream.open(node.port(), session.token(), 0)) {
            awaitReadyInCompleteChunks(stream);
            Chunks head = Chunks.parse(stream.receivedBytes());
            assertEquals(List.of("chunked"), head.header("transfer-encoding"), head.head);

            long id = Markers.emit(admin, Markers.EVERYONE, "test:chunk", Map.of("text", "ü, ✓ and ☃"));
            stream.readUntil(bytes -> Chunks.parse(bytes).completeBody().contains("id: " + id + "\n"),
                    Markers.WAIT, "event " + id + " in a complete chunk");

            assertEquals(204, session.post("/api/auth/logout", Map.of()).status());
            stream.readToEnd(Markers.WAIT);
            Chunks all = Chunks.parse(stream.receivedBytes());
            assertTrue(all.completeBody().contains("event: auth:expired\n"), all.completeBody());
            assertTrue(all.ended, "the body ends with the last chunk, not with a bare close: " + all.tail());
        }
    }

    /**
     * Frames the socket cannot take at once (a client that does not read for a while): what the socket leaves of
     * a chunk is finished later, before anything newer, so every event still arrives whole, in order, each one
     * complete chunk.
     */
    @Test
    void framesLargerThanTheSocketTakesAtOnceArriveWholeAndInOrder() {
        ApiClient session = node.api().loginAsAdmin();
        try (RawStream stream = RawStream.open(node.port(), session.token(), 4096)) {
            awaitReadyInCompleteChunks(stream);
            String pad = "x".repeat(60_000);
            List<Long> ids = new ArrayList<>();
            // Not read meanwhile: far more than the server's send buffer and the client's window hold together.
            for (int n = 0; n < 8; n++) {
                ids.add(Markers.emit(session, Markers.EVERYONE, "test:large", Map.of("n", n, "pad", pad)));
            }
            long last = ids.get(ids.size() - 1);
            stream.readUntil(bytes -> Chunks.parse(bytes).completeBody().contains("id: " + last + "\n"),
                    Markers.WAIT, "event " + last + " in a complete chunk");

            String body = Chunks.parse(stream.receivedBytes()).completeBody();
            int at = body.indexOf("event: ready\n");
            for (int n = 0; n < ids.size(); n++) {
                String frame = "id: " + ids.get(n) + "\nevent: test:large\ndata: ";
                int start = body.indexOf(frame, at);
                assertTrue(start > at, "event " + ids.get(n) + " after the one before it");
                at = body.indexOf("\n\n", start);
                String data = body.substring(start + frame.length(), at);
                assertTrue(data.contains("\"n\":" + n) && data.contains("\"" + pad + "\""),
                        "event " + ids.get(n) + " whole: " + data.length() + " characters of data");
            }
        }
    }

    private static void awaitReadyInCompleteChunks(RawStream stream) {
        stream.readUntil(bytes -> Chunks.parse(bytes).completeBody().contains("event: ready\n"),
                Markers.WAIT, "ready in complete chunks");
    }

    /** An HTTP/1.1 response read so far: its head and the data of the chunks that arrived whole. */
    private static final class Chunks {
        final String head;
        private final ByteArrayOutputStream complete = new ByteArrayOutputStream();
        private boolean ended;
        private int parsedTo;
        private byte[] raw;

        private Chunks(String head) {
            this.head = head;
        }

        static Chunks parse(byte[] raw) {
            int bodyStart = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
            if (bodyStart < 0) {
                Chunks none = new Chunks("");
                none.raw = raw;
                return none;
            }
            Chunks c = new Chunks(new String(raw, 0, bodyStart, StandardCharsets.US_ASCII));
            c.raw = raw;
            int at = bodyStart + 4;
            while (true) {
                int lineEnd = indexOf(raw, new byte[] {'\r', '\n'}, at);
                if (lineEnd < 0) {
                    break;
                }
                int size = Integer.parseInt(new String(raw, at, lineEnd - at, StandardCharsets.US_ASCII).trim(), 16);
                int dataEnd = lineEnd + 2 + size;
                // A chunk counts only with the CRLF that ends it: that is what urllib3 waits for.
                if (raw.length < dataEnd + 2) {
                    break;
                }
                assertEquals('\r', raw[dataEnd], "chunk data followed by CRLF");
                assertEquals('\n', raw[dataEnd + 1], "chunk data followed by CRLF");
                if (size == 0) {
                    c.ended = true;
                    c.parsedTo = dataEnd + 2;
                    break;
                }
                c.complete.write(raw, lineEnd + 2, size);
                at = dataEnd + 2;
                c.parsedTo = at;
            }
            return c;
        }

        String completeBody() {
            return complete.toString(StandardCharsets.UTF_8);
        }

        List<String> header(String name) {
            return Arrays.stream(head.split("\r\n"))
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name + ":"))
                    .map(line -> line.substring(name.length() + 1).trim())
                    .toList();
        }

        String tail() {
            int from = Math.max(0, raw.length - 40);
            return new String(raw, from, raw.length - from, StandardCharsets.UTF_8).replace("\r", "\\r")
                    .replace("\n", "\\n") + " (parsed to " + parsedTo + " of " + raw.length + ")";
        }

        private static int indexOf(byte[] bytes, byte[] needle, int from) {
            outer:
            for (int i = from; i <= bytes.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
