package com.propertyhub.realtime;

import com.propertyhub.testsupport.Await;
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

/**
 * An event stream over a bare socket, for the clients that a well-behaved HTTP library cannot play: one that
 * stops reading (a stalled consumer) and one that vanishes without a goodbye (a killed browser: TCP reset).
 */
final class RawStream implements AutoCloseable {
    private final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private RawStream(Socket socket) {
        this.socket = socket;
    }

    /**
     * Sends {@code GET /api/events} with the token. {@code receiveBuffer} (bytes, 0 for the default) is set before
     * connecting, so the TCP window stays small and a client that never reads fills up quickly.
     */
    static RawStream open(int port, String token, int receiveBuffer) {
        Socket socket = new Socket();
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            String request = "GET /api/events HTTP/1.1\r\n"
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
    void readUntil(String text, Duration timeout) {
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

    String received() {
        return received.toString(StandardCharsets.UTF_8);
    }

    /** Drops the connection the way a killed process does: no FIN, a TCP reset (SO_LINGER 0). */
    void kill() {
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
