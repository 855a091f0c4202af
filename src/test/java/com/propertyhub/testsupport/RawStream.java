package com.propertyhub.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * An event stream over a bare socket, for the clients that a well-behaved HTTP library cannot play: one that
 * stops reading (a stalled consumer) and one that vanishes without a goodbye (a killed browser: TCP reset).
 */
public final class RawStream implements AutoCloseable {
    private final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private RawStream(Socket socket) {
        this.socket = socket;
    }

    /**
     * Sends {@code GET /api/events} with the token. {@code receiveBuffer} (bytes, 0 for the default) is set before
     * connecting, so the TCP window stays small and a client that never reads fills up quickly.
     */
    public static RawStream open(int port, String token, int receiveBuffer) {
        return open(port, token, receiveBuffer, "HTTP/1.1");
    }

    /**
     * The same over {@code HTTP/1.0}: the body is then the bare event stream, not chunked, so
     * {@link #lastEventId()} can read it.
     */
    public static RawStream openPlain(int port, String token, int receiveBuffer) {
        return open(port, token, receiveBuffer, "HTTP/1.0");
    }

    private static RawStream open(int port, String token, int receiveBuffer, String version) {
        Socket socket = new Socket();
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            String request = "GET /api/events " + version + "\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Accept: text/event-stream\r\n"
                    + "Authorization: Bearer " + token + "\r\n"
                    + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new RawStream(socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until what arrived contains {@code text} (e.g. the {@code ready} event), or fails at the deadline. */
    public void readUntil(String text, Duration timeout) {
        Await.until(timeout, () -> {
            readAvailable();
            return received.toString(StandardCharsets.UTF_8).contains(text);
        }, "'" + text + "' on a raw stream");
    }

    private void readAvailable() {
        try {
            socket.setSoTimeout(50);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int n = in.read(buffer);
            if (n > 0) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // nothing more yet
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String received() {
        return received.toString(StandardCharsets.UTF_8);
    }

    /** What arrived so far, as bytes (chunk sizes count bytes, not characters). */
    public byte[] receivedBytes() {
        return received.toByteArray();
    }

    /** {@link #readUntil} for any condition on what arrived so far. */
    public void readUntil(Predicate<byte[]> condition, Duration timeout, String description) {
        Await.until(timeout, () -> {
            readAvailable();
            return condition.test(received.toByteArray());
        }, description + " on a raw stream");
    }

    /**
     * Reads everything the server sent until it closed the connection (a cut stream), or fails at the deadline.
     */
    public void readToEnd(Duration timeout) {
        Await.until(timeout, () -> {
            try {
                socket.setSoTimeout(50);
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    received.write(buffer, 0, n);
                }
                return n < 0;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                // a reset after the data: what arrived is all there is
                return true;
            }
        }, "the server to end a raw stream");
    }

    /** The last {@code id:} of a complete event read so far (from {@link #openPlain}); 0 when none. */
    public long lastEventId() {
        String text = received();
        int end = text.lastIndexOf("\n\n");
        long last = 0;
        for (String line : text.substring(0, Math.max(0, end)).split("\n")) {
            if (line.startsWith("id: ")) {
                last = Long.parseLong(line.substring(4).trim());
            }
        }
        return last;
    }

    /** Drops the connection the way a killed process does: no FIN, a TCP reset (SO_LINGER 0). */
    public void kill() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
