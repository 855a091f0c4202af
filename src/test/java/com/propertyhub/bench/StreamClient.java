package com.propertyhub.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many server-sent-event streams on one thread: non-blocking {@link SocketChannel}s on one {@link Selector}.
 * Each stream sends {@code GET /api/events HTTP/1.0} (so the body is the raw stream, not chunked), or HTTP/1.1
 * with {@link #httpVersion}, whose chunked body is decoded as it arrives (like a browser, an event is handed
 * over as soon as its bytes are in, without waiting for the CRLF that ends its chunk), then its
 * frames are parsed incrementally and handed to the {@link Handler} on the selector thread. Like a browser, each
 * stream remembers the last event id it saw; {@link #dropAll()} and {@link #reconnectAll(int)} end every stream
 * client-side and open it again with {@code Last-Event-ID}. With {@code http2PerNode} > 0 the streams are HTTP/2
 * streams over that many connections per node instead ({@link Http2Streams}), parsed the same way. With
 * {@link #socketIo} the streams are Socket.IO v5 connections over WebSocket (Engine.IO v4) instead, as the Socket.IO
 * design's browsers connect: {@code GET /socket.io/?EIO=4&transport=websocket}, the open packet {@code 0{...}} is
 * answered with the connect packet {@code 40{"token":...}}, {@code 40{...}} is the stream's ready, each ping
 * {@code 2} is answered with {@code 3}, and every event {@code 42["name",data]} is handed over with its data.
 */
final class StreamClient implements AutoCloseable {

    /** Called on the selector thread for every event other than {@code ready}. */
    interface Handler {
        /** {@code id} is the frame's event id, -1 when it has none. */
        void onEvent(Stream stream, long id, String event, String data, long receivedNanos);
    }

    /** One stream. Its fields belong to the selector thread. */
    static final class Stream {
        final int index;
        final int node;
        private final InetSocketAddress address;
        private ByteBuffer request;
        private SocketChannel channel;
        /** The HTTP/2 stream, when the streams are multiplexed (set on a Jetty thread). */
        private volatile org.eclipse.jetty.http2.api.Stream h2;
        private boolean headersDone;
        /** The body is chunked; {@link #chunkState} and {@link #chunkLeft} decode it. */
        private boolean chunked;
        private int chunkState;
        private long chunkLeft;
        private boolean sizeEnded;
        private int status;
        private final StringBuilder errorBody = new StringBuilder();
        private byte[] line = new byte[512];
        private int lineLength;
        private String eventName;
        private long frameId = -1;
        private StringBuilder data;
        private String lastComment;
        boolean ready;
        /** Ready at least once (so {@link #reconnectAll} opens it again). */
        boolean wasReady;
        boolean closed;
        long readyNanos;
        String closeReason;
        /** The id of the last event with an id, as a browser keeps it for {@code Last-Event-ID}; -1 before. */
        long lastEventId = -1;
        /** WebSocket frames follow (the upgrade answered 101). */
        private boolean ws;
        private int wsState;
        private int wsOpcode;
        private boolean wsFin;
        private long wsLeft;
        private int wsLengthBytes;

        Stream(int index, int node, InetSocketAddress address) {
            this.index = index;
            this.node = node;
            this.address = address;
        }

        /** Forgets the connection (not {@link #lastEventId}), before opening it again. */
        private void resetConnection() {
            channel = null;
            h2 = null;
            headersDone = false;
            chunked = false;
            chunkState = CHUNK_SIZE;
            chunkLeft = 0;
            sizeEnded = false;
            status = 0;
            errorBody.setLength(0);
            lineLength = 0;
            eventName = null;
            frameId = -1;
            data = null;
            lastComment = null;
            ws = false;
            wsState = WS_HEAD;
            ready = false;
            closed = false;
            closeReason = null;
        }
    }

    /** Reading a chunk's size line (hex digits, then anything up to LF). */
    private static final int CHUNK_SIZE = 0;
    private static final int CHUNK_DATA = 1;
    /** After a chunk's data: its CRLF. */
    private static final int CHUNK_END = 2;
    /** After the last chunk: trailers, ignored. */
    private static final int CHUNK_TRAILER = 3;

    /** WebSocket frame parsing: the first byte (FIN, opcode), the length byte, extended length, payload. */
    private static final int WS_HEAD = 0;
    private static final int WS_LENGTH = 1;
    private static final int WS_EXTENDED = 2;
    private static final int WS_PAYLOAD = 3;

    private final Selector selector;
    private String httpVersion = "1.0";
    private boolean socketIo;
    private final java.util.Random masks = new java.util.Random();
    private final Thread thread;
    private final Handler handler;
    /** The local address every socket binds to (a loopback alias, say), or null for the system's choice. */
    private final InetAddress source;
    /** HTTP/2 connections per node; 0: one HTTP/1.0 socket per stream. */
    private final int http2PerNode;
    private Http2Streams http2;
    private final List<String> hosts = new ArrayList<>();
    private String token;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Stream> toOpen = new ArrayDeque<>();
    private final List<Stream> streams = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final byte[] chunk = new byte[64 * 1024];
    private final AtomicInteger readyCount = new AtomicInteger();
    private final AtomicInteger failedCount = new AtomicInteger();
    private final AtomicInteger closedAfterReady = new AtomicInteger();
    private final Map<String, Integer> failures = new LinkedHashMap<>();
    private final Map<String, Integer> closes = new LinkedHashMap<>();
    private volatile boolean running = true;
    private int connectBatch;
    private int inFlight;
    private long bytesReceived;
    private long framesReceived;
    private long commentsReceived;

    StreamClient(Handler handler) throws IOException {
        this(handler, null);
    }

    /** {@code source}: bind every socket to this local address (another loopback address gives more ports). */
    StreamClient(Handler handler, InetAddress source) throws IOException {
        this(handler, source, 0);
    }

    /** {@code http2PerNode} > 0: the streams are multiplexed over that many HTTP/2 (h2c) connections per node. */
    StreamClient(Handler handler, InetAddress source, int http2PerNode) throws IOException {
        this.handler = handler;
        this.source = source;
        this.http2PerNode = http2PerNode;
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "sse-selector");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Opens {@code count} streams, stream {@code i} on {@code baseUrls[i % n]}, at most {@code batch} opening at
     * a time; returns at once ({@link #readyCount()} and {@link #failedCount()} tell the progress).
     */
    void open(List<String> baseUrls, String token, int count, int batch) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        this.token = token;
        for (String url : baseUrls) {
            URI u = URI.create(url);
            int port = u.getPort() > 0 ? u.getPort() : 80;
            addresses.add(new InetSocketAddress(u.getHost(), port));
            hosts.add(u.getHost() + ":" + port);
            if (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/")) {
                throw new IllegalArgumentException("context paths are not supported: " + url);
            }
        }
        if (http2PerNode > 0 && http2 == null) {
            try {
                http2 = new Http2Streams(addresses, http2PerNode, new Http2Sink());
            } catch (Exception e) {
                throw new IllegalStateException("HTTP/2 connections failed: " + e, e);
            }
        }
        List<Stream> created = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int node = i % addresses.size();
            created.add(new Stream(i, node, addresses.get(node)));
        }
        submit(() -> {
            this.hosts.clear();
            this.hosts.addAll(hosts);
            connectBatch = batch;
            streams.addAll(created);
            for (Stream s : created) {
                s.request = request(s);
            }
            toOpen.addAll(created);
            openMore();
        });
    }

    /** "1.0" (the default) or "1.1"; before {@link #open}. */
    void httpVersion(String version) {
        this.httpVersion = version;
    }

    /** Socket.IO over WebSocket instead of SSE; before {@link #open}. */
    void socketIo(boolean on) {
        this.socketIo = on;
    }

    /** The stream's {@code GET}, with {@code Last-Event-ID} once it has seen an event id. */
    private ByteBuffer request(Stream s) {
        if (socketIo) {
            byte[] key = new byte[16];
            masks.nextBytes(key);
            String req = "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                    + "Host: " + hosts.get(s.node) + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + java.util.Base64.getEncoder().encodeToString(key) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            return ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII));
        }
        String req = "GET /api/events HTTP/" + httpVersion + "\r\n"
                + "Host: " + hosts.get(s.node) + "\r\n"
                + "Authorization: Bearer " + token + "\r\n"
                + "Accept: text/event-stream\r\n"
                + (s.lastEventId >= 0 ? "Last-Event-ID: " + s.lastEventId + "\r\n" : "")
                + "Cache-Control: no-cache\r\n\r\n";
        return ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Ends every stream client-side at once (closes its socket, as a network drop or a closed laptop would look
     * to a server that writes to it later) and resets the open/ready/failed/closed counters. Returns when done.
     */
    void dropAll() {
        onLoop(() -> {
            for (Stream s : streams) {
                closeQuietly(s);
                s.closed = true;
            }
            toOpen.clear();
            inFlight = 0;
            readyCount.set(0);
            failedCount.set(0);
            closedAfterReady.set(0);
            failures.clear();
            closes.clear();
            return null;
        });
    }

    /**
     * Opens again every stream that was ready once, each with {@code Last-Event-ID} = the last id it saw, at most
     * {@code batch} in flight at once; returns at once. Call {@link #dropAll()} first.
     */
    void reconnectAll(int batch) {
        submit(() -> {
            connectBatch = batch;
            for (Stream s : streams) {
                if (s.wasReady) {
                    closeQuietly(s);
                    s.resetConnection();
                    s.request = request(s);
                    toOpen.add(s);
                }
            }
            openMore();
        });
    }

    private static void closeQuietly(Stream s) {
        var h2 = s.h2;
        if (h2 != null) {
            Http2Streams.cancel(h2);
        }
        if (s.channel != null) {
            try {
                s.channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    int readyCount() {
        return readyCount.get();
    }

    int failedCount() {
        return failedCount.get();
    }

    int closedAfterReady() {
        return closedAfterReady.get();
    }

    /** Runs {@code task} on the selector thread and waits for its result: a consistent view of the streams. */
    <T> T onLoop(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        submit(() -> {
            try {
                result.complete(task.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Selector thread only. */
    List<Stream> streams() {
        return streams;
    }

    /** Selector thread only: reasons streams failed to open, with counts. */
    Map<String, Integer> failures() {
        return failures;
    }

    /** Selector thread only: why streams ended after ready, with counts. */
    Map<String, Integer> closes() {
        return closes;
    }

    /** Selector thread only. */
    long bytesReceived() {
        return bytesReceived;
    }

    /** Selector thread only. */
    long framesReceived() {
        return framesReceived;
    }

    /** Selector thread only: comment lines such as the heartbeat's {@code : ping}. */
    long commentsReceived() {
        return commentsReceived;
    }

    private void submit(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    private void loop() {
        try {
            while (running) {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                selector.select(200);
                var keys = selector.selectedKeys();
                for (SelectionKey key : keys) {
                    Stream s = (Stream) key.attachment();
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isConnectable()) {
                            connected(s, key);
                        } else if (key.isWritable()) {
                            write(s, key);
                        } else if (key.isReadable()) {
                            read(s);
                        }
                    } catch (IOException | RuntimeException e) {
                        end(s, e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                }
                keys.clear();
                openMore();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                System.err.println("[bench] stream selector failed: " + e);
            }
        }
    }

    private void openMore() {
        while (inFlight < connectBatch && !toOpen.isEmpty()) {
            Stream s = toOpen.poll();
            inFlight++;
            if (http2 != null) {
                http2.open(s, token, s.lastEventId);
                continue;
            }
            try {
                SocketChannel ch = SocketChannel.open();
                s.channel = ch;
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (source != null) {
                    ch.bind(new InetSocketAddress(source, 0));
                }
                if (ch.connect(s.address)) {
                    ch.register(selector, SelectionKey.OP_WRITE, s);
                } else {
                    ch.register(selector, SelectionKey.OP_CONNECT, s);
                }
            } catch (IOException | RuntimeException e) {
                end(s, "connect: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    private void connected(Stream s, SelectionKey key) throws IOException {
        if (s.channel.finishConnect()) {
            key.interestOps(SelectionKey.OP_WRITE);
            write(s, key);
        }
    }

    private void write(Stream s, SelectionKey key) throws IOException {
        s.channel.write(s.request);
        if (!s.request.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void read(Stream s) throws IOException {
        while (true) {
            readBuffer.clear();
            int n = s.channel.read(readBuffer);
            if (n < 0) {
                if (s.headersDone && s.status != 200 && s.lineLength > 0 && s.errorBody.length() < 400) {
                    // An error body usually has no final line break.
                    s.errorBody.append(new String(s.line, 0, s.lineLength, StandardCharsets.UTF_8));
                }
                end(s, null);
                return;
            }
            if (n == 0) {
                return;
            }
            bytesReceived += n;
            readBuffer.flip();
            readBuffer.get(chunk, 0, n);
            feed(s, chunk, n);
            if (s.closed) {
                return;
            }
        }
    }

    /** Splits into lines (LF, with an optional CR before it) and handles each one. */
    private void feed(Stream s, byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (s.ws) {
                wsByte(s, b);
                if (s.closed) {
                    return;
                }
                continue;
            }
            if (s.chunked && s.headersDone && !bodyByte(s, b)) {
                continue;
            }
            if (b == '\n') {
                int len = s.lineLength;
                if (len > 0 && s.line[len - 1] == '\r') {
                    len--;
                }
                line(s, s.line, len);
                s.lineLength = 0;
                if (s.closed) {
                    return;
                }
            } else {
                if (s.lineLength == s.line.length) {
                    s.line = java.util.Arrays.copyOf(s.line, s.line.length * 2);
                }
                s.line[s.lineLength++] = b;
            }
        }
    }

    /** Decodes the chunk framing: true if {@code b} is body data (to parse as the event stream). */
    private static boolean bodyByte(Stream s, byte b) {
        switch (s.chunkState) {
            case CHUNK_SIZE -> {
                if (b == '\n') {
                    s.chunkState = s.chunkLeft == 0 ? CHUNK_TRAILER : CHUNK_DATA;
                    s.sizeEnded = false;
                } else if (!s.sizeEnded) {
                    int digit = Character.digit(b, 16);
                    // The first non-digit (CR, or a chunk extension) ends the size.
                    if (digit < 0) {
                        s.sizeEnded = true;
                    } else {
                        s.chunkLeft = s.chunkLeft * 16 + digit;
                    }
                }
                return false;
            }
            case CHUNK_DATA -> {
                if (--s.chunkLeft == 0) {
                    s.chunkState = CHUNK_END;
                }
                return true;
            }
            case CHUNK_END -> {
                if (b == '\n') {
                    s.chunkState = CHUNK_SIZE;
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private void line(Stream s, byte[] b, int len) {
        if (!s.headersDone) {
            String text = new String(b, 0, len, StandardCharsets.ISO_8859_1);
            if (s.status == 0) {
                // "HTTP/1.1 200 OK"
                String[] parts = text.split(" ", 3);
                s.status = parts.length >= 2 ? parseInt(parts[1]) : -1;
            } else if (len == 0) {
                s.headersDone = true;
                s.ws = socketIo && s.status == 101;
            } else if (text.regionMatches(true, 0, "Transfer-Encoding:", 0, 18)
                    && text.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
                s.chunked = true;
            }
            return;
        }
        if (s.status != 200) {
            if (socketIo && s.status == 101) {
                return;
            }
            if (s.errorBody.length() < 400) {
                s.errorBody.append(new String(b, 0, len, StandardCharsets.UTF_8));
            }
            return;
        }
        if (len == 0) {
            dispatch(s);
            return;
        }
        if (b[0] == ':') {
            s.lastComment = new String(b, 0, len, StandardCharsets.UTF_8);
            commentsReceived++;
            return;
        }
        int colon = indexOf(b, len, (byte) ':');
        int nameEnd = colon < 0 ? len : colon;
        int valueStart = colon < 0 ? len : colon + 1;
        if (valueStart < len && b[valueStart] == ' ') {
            valueStart++;
        }
        if (is(b, nameEnd, "data")) {
            String value = new String(b, valueStart, len - valueStart, StandardCharsets.UTF_8);
            if (s.data == null) {
                s.data = new StringBuilder(value);
            } else {
                s.data.append('\n').append(value);
            }
        } else if (is(b, nameEnd, "event")) {
            s.eventName = new String(b, valueStart, len - valueStart, StandardCharsets.UTF_8);
        } else if (is(b, nameEnd, "id")) {
            s.frameId = parseId(b, valueStart, len);
        }
        // "retry" is not needed for the figures.
    }

    /** The decimal id in {@code b[from, to)} without allocating; -1 when it is not a whole number. */
    private static long parseId(byte[] b, int from, int to) {
        if (from >= to || to - from > 18) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    private void dispatch(Stream s) {
        if (s.data == null) {
            s.eventName = null;
            s.frameId = -1;
            return;
        }
        String name = s.eventName == null ? "message" : s.eventName;
        String data = s.data.toString();
        long id = s.frameId;
        s.eventName = null;
        s.data = null;
        s.frameId = -1;
        if (id >= 0) {
            s.lastEventId = id;
        }
        framesReceived++;
        long now = System.nanoTime();
        if (!s.ready && name.equals("ready")) {
            ready(s, now);
            return;
        }
        handler.onEvent(s, id, name, data, now);
    }

    private void ready(Stream s, long now) {
        s.ready = true;
        s.wasReady = true;
        s.readyNanos = now;
        inFlight--;
        readyCount.incrementAndGet();
    }

    /** One byte of a server's WebSocket frames (never masked); a whole text message goes to {@link #packet}. */
    private void wsByte(Stream s, byte b) {
        switch (s.wsState) {
            case WS_HEAD -> {
                s.wsFin = (b & 0x80) != 0;
                int opcode = b & 0x0f;
                if (opcode != 0) {
                    s.wsOpcode = opcode;
                    s.lineLength = 0;
                }
                s.wsState = WS_LENGTH;
            }
            case WS_LENGTH -> {
                int len = b & 0x7f;
                s.wsLeft = len < 126 ? len : 0;
                s.wsLengthBytes = len == 126 ? 2 : len == 127 ? 8 : 0;
                s.wsState = s.wsLengthBytes > 0 ? WS_EXTENDED : WS_PAYLOAD;
                if (s.wsLengthBytes == 0 && s.wsLeft == 0) {
                    frameDone(s);
                }
            }
            case WS_EXTENDED -> {
                s.wsLeft = (s.wsLeft << 8) | (b & 0xff);
                if (--s.wsLengthBytes == 0) {
                    s.wsState = WS_PAYLOAD;
                    if (s.wsLeft == 0) {
                        frameDone(s);
                    }
                }
            }
            default -> {
                if (s.lineLength == s.line.length) {
                    s.line = java.util.Arrays.copyOf(s.line, s.line.length * 2);
                }
                s.line[s.lineLength++] = b;
                if (--s.wsLeft == 0) {
                    frameDone(s);
                }
            }
        }
    }

    private void frameDone(Stream s) {
        s.wsState = WS_HEAD;
        if (!s.wsFin) {
            return;
        }
        switch (s.wsOpcode) {
            case 1 -> packet(s, new String(s.line, 0, s.lineLength, StandardCharsets.UTF_8));
            case 8 -> end(s, "WebSocket closed by server");
            case 9 -> send(s, 0xA, java.util.Arrays.copyOf(s.line, s.lineLength));
            default -> {
                // pong, binary: not used by Socket.IO's text protocol
            }
        }
        s.lineLength = 0;
    }

    /**
     * An Engine.IO packet: 0 open, 2 ping, 4 message (Socket.IO: 0 connect, 2 event, 4 connect error, 1 disconnect).
     */
    private void packet(Stream s, String p) {
        if (p.startsWith("42")) {
            framesReceived++;
            // 42["name",{...}]
            int nameEnd = p.indexOf('"', 4);
            if (p.length() < 5 || p.charAt(2) != '[' || nameEnd < 0) {
                return;
            }
            String name = p.substring(4, nameEnd);
            int dataStart = p.indexOf(',', nameEnd);
            String data = dataStart < 0 ? "" : p.substring(dataStart + 1, p.length() - 1);
            handler.onEvent(s, -1, name, data, System.nanoTime());
        } else if (p.equals("2")) {
            commentsReceived++;
            send(s, 0x1, "3".getBytes(StandardCharsets.US_ASCII));
        } else if (p.startsWith("0")) {
            send(s, 0x1, ("40{\"token\":\"" + token + "\"}").getBytes(StandardCharsets.UTF_8));
        } else if (p.startsWith("40")) {
            framesReceived++;
            if (!s.ready) {
                ready(s, System.nanoTime());
            }
        } else if (p.startsWith("44")) {
            end(s, "Socket.IO connect error " + p.substring(2));
        } else if (p.startsWith("41") || p.startsWith("1")) {
            end(s, "Socket.IO disconnect (" + p + ")");
        }
    }

    /** A client WebSocket frame (masked, as RFC 6455 requires of clients), written at once. */
    private void send(Stream s, int opcode, byte[] payload) {
        int n = payload.length;
        ByteBuffer f = ByteBuffer.allocate(n + 14);
        f.put((byte) (0x80 | opcode));
        if (n < 126) {
            f.put((byte) (0x80 | n));
        } else {
            f.put((byte) (0x80 | 126)).putShort((short) n);
        }
        byte[] mask = new byte[4];
        masks.nextBytes(mask);
        f.put(mask);
        for (int i = 0; i < n; i++) {
            f.put((byte) (payload[i] ^ mask[i & 3]));
        }
        f.flip();
        try {
            for (int tries = 0; f.hasRemaining() && tries < 1000; tries++) {
                s.channel.write(f);
            }
            if (f.hasRemaining()) {
                end(s, "WebSocket send: the socket took no bytes");
            }
        } catch (IOException e) {
            end(s, "WebSocket send: " + e.getMessage());
        }
    }

    /** Closes the stream; {@code reason} null means the server closed it. */
    private void end(Stream s, String reason) {
        if (s.closed) {
            return;
        }
        s.closed = true;
        closeQuietly(s);
        if (reason == null) {
            if (s.status != 0 && s.status != 200) {
                reason = "HTTP " + s.status + " " + s.errorBody.toString().trim();
            } else {
                reason = "closed by server" + (s.lastComment != null ? " (last comment '" + s.lastComment + "')" : "");
            }
        }
        s.closeReason = reason;
        if (s.ready) {
            closedAfterReady.incrementAndGet();
            closes.merge(shorten(reason), 1, Integer::sum);
        } else {
            inFlight--;
            failedCount.incrementAndGet();
            failures.merge(shorten(reason), 1, Integer::sum);
        }
    }

    private static String shorten(String reason) {
        return reason.length() > 300 ? reason.substring(0, 300) + "..." : reason;
    }

    private static boolean is(byte[] b, int len, String name) {
        if (len != name.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int len, byte c) {
        for (int i = 0; i < len; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Hands an HTTP/2 stream's response to the selector thread, where HTTP/1.0 responses are parsed. */
    private final class Http2Sink implements Http2Streams.Sink {
        @Override
        public void status(Stream s, org.eclipse.jetty.http2.api.Stream h2, int status) {
            s.h2 = h2;
            submit(() -> {
                if (!s.closed) {
                    s.status = status;
                    s.headersDone = true;
                }
            });
        }

        @Override
        public void data(Stream s, org.eclipse.jetty.http2.api.Stream h2, byte[] bytes) {
            submit(() -> {
                if (!s.closed && current(s, h2)) {
                    bytesReceived += bytes.length;
                    feed(s, bytes, bytes.length);
                }
            });
        }

        @Override
        public void end(Stream s, org.eclipse.jetty.http2.api.Stream h2, String reason) {
            submit(() -> {
                if (current(s, h2)) {
                    StreamClient.this.end(s, reason);
                }
            });
        }

        /** False for a late frame of an earlier connection of {@code s} (dropped and opened again since). */
        private boolean current(Stream s, org.eclipse.jetty.http2.api.Stream h2) {
            return h2 == null || s.h2 == null || s.h2 == h2;
        }
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        try {
            onLoop(() -> {
                streams.forEach(StreamClient::closeQuietly);
                return null;
            });
        } catch (RuntimeException ignored) {
            // the loop is gone already
        }
        running = false;
        selector.wakeup();
        if (http2 != null) {
            try {
                http2.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        try {
            thread.join(5_000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
