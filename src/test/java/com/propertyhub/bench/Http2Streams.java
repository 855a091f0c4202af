package com.propertyhub.bench;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;

/**
 * The HTTP/2 transport of {@link StreamClient}: event streams multiplexed over a few cleartext HTTP/2 connections
 * per node (prior knowledge, as a proxy in front speaks to a node, or a browser over TLS), with Jetty's HTTP/2
 * client. Frames arrive on Jetty's threads and go to the {@link Sink}, which hands them to the selector thread, so
 * they are parsed and counted exactly as the HTTP/1.0 streams' bytes are.
 */
final class Http2Streams implements AutoCloseable {

    /** Where a stream's response goes; called on Jetty's threads. */
    interface Sink {
        void status(StreamClient.Stream s, Stream h2, int status);

        void data(StreamClient.Stream s, Stream h2, byte[] bytes);

        /** {@code reason} null: the server ended the stream; {@code h2} null: it never opened. */
        void end(StreamClient.Stream s, Stream h2, String reason);
    }

    private final HTTP2Client client;
    private final Sink sink;
    private final List<String> authorities = new ArrayList<>();
    /** Per node, its connections. */
    private final List<List<Session>> sessions = new ArrayList<>();

    /** Opens {@code perNode} connections to each of {@code nodes}; blocks until they are up. */
    Http2Streams(List<InetSocketAddress> nodes, int perNode, Sink sink) throws Exception {
        this.sink = sink;
        ClientConnector connector = new ClientConnector();
        connector.setIdleTimeout(java.time.Duration.ZERO);
        client = new HTTP2Client(connector);
        // Windows like the server's: no stream or connection waits for a window update in the measured run.
        client.setInitialStreamRecvWindow(1024 * 1024);
        client.setInitialSessionRecvWindow(16 * 1024 * 1024);
        client.setIdleTimeout(0);
        client.setStreamIdleTimeout(0);
        client.start();
        for (InetSocketAddress node : nodes) {
            authorities.add(node.getHostString() + ":" + node.getPort());
            List<Session> own = new ArrayList<>();
            for (int i = 0; i < perNode; i++) {
                own.add(client.connect(node, new Session.Listener() { }).get(30, TimeUnit.SECONDS));
            }
            sessions.add(own);
        }
    }

    /** Opens stream {@code s} on its node's connections, round-robin, with {@code Last-Event-ID} when known. */
    void open(StreamClient.Stream s, String token, long lastEventId) {
        List<Session> own = sessions.get(s.node);
        Session session = own.get((s.index / sessions.size()) % own.size());
        HttpFields.Mutable fields = HttpFields.build()
                .put("Authorization", "Bearer " + token)
                .put("Accept", "text/event-stream")
                .put("Cache-Control", "no-cache");
        if (lastEventId >= 0) {
            fields.put("Last-Event-ID", Long.toString(lastEventId));
        }
        MetaData.Request request = new MetaData.Request("GET",
                HttpURI.from("http://" + authorities.get(s.node) + "/api/events"), HttpVersion.HTTP_2, fields);
        session.newStream(new HeadersFrame(request, null, true), Promise.from(stream -> { }, failure ->
                sink.end(s, null, "open: " + failure)), listener(s));
    }

    private Stream.Listener listener(StreamClient.Stream s) {
        return new Stream.Listener() {
            @Override
            public void onHeaders(Stream stream, HeadersFrame frame) {
                if (frame.getMetaData() instanceof MetaData.Response response) {
                    sink.status(s, stream, response.getStatus());
                }
                if (frame.isEndStream()) {
                    sink.end(s, stream, null);
                } else {
                    stream.demand();
                }
            }

            @Override
            public void onDataAvailable(Stream stream) {
                while (true) {
                    Stream.Data data = stream.readData();
                    if (data == null) {
                        stream.demand();
                        return;
                    }
                    ByteBuffer buffer = data.frame().getByteBuffer();
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    boolean last = data.frame().isEndStream();
                    // Released at once: the bytes are copied, and the release grants the window back.
                    data.release();
                    if (bytes.length > 0) {
                        sink.data(s, stream, bytes);
                    }
                    if (last) {
                        sink.end(s, stream, null);
                        return;
                    }
                }
            }

            @Override
            public void onReset(Stream stream, ResetFrame frame, Callback callback) {
                sink.end(s, stream, "reset by server: " + ErrorCode.toString(frame.getError(), "?"));
                callback.succeeded();
            }

            @Override
            public void onFailure(Stream stream, int error, String reason, Throwable failure, Callback callback) {
                sink.end(s, stream, "failed: " + reason + " " + failure);
                callback.succeeded();
            }
        };
    }

    /** Ends {@code stream} client-side, as a closed tab does. */
    static void cancel(Stream stream) {
        stream.reset(new ResetFrame(stream.getId(), ErrorCode.CANCEL_STREAM_ERROR.code), Callback.NOOP);
    }

    int connections() {
        return sessions.stream().mapToInt(List::size).sum();
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
