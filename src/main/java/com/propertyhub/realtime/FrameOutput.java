package com.propertyhub.realtime;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream's servlet output in non-blocking mode, writing each frame with one call where the container allows
 * it. Jetty's output has a public {@code write(ByteBuffer)} that hands the bytes to the connection as they are:
 * no copy into the response buffer and no separate flush. Elsewhere (Tomcat's {@code write(ByteBuffer)}, for
 * one, only buffers) a frame is {@code write(byte[])} and then {@link #flush()}, with {@code isReady()} asked
 * in between. Jetty's method is looked up on the output's class, so the WAR still runs where that class is
 * hidden from the web application.
 *
 * <p>On Jetty over HTTP/1.1 the stream also frames its own chunks. Jetty's HTTP/1.1 generator writes the CRLF
 * that ends a chunk at the start of the <em>next</em> chunk, and clients built on urllib3 (Python requests,
 * sseclient-py, requests-sse) hand a chunk over only once that CRLF has arrived, so every event would reach them
 * only with the next frame, a heartbeat later. Here each write is one complete chunk ({@code size CRLF frame
 * CRLF}), in one buffer and one socket write as before, and a graceful end writes the last chunk. Jetty is told
 * to pass the body through as it is by {@code Connection: close} (no chunking of its own: the body would end with
 * the connection) while the response still says {@code Transfer-Encoding: chunked}, added as a header Jetty does
 * not interpret. The connection closes after the stream, which ends only for a reconnect anyway. Tomcat ends its
 * chunks itself; HTTP/1.0 bodies are not chunked and HTTP/2 has no chunks: those are left as they are.
 *
 * <p>Since Jetty passes such a body through unchanged, a chunk after the first (which commits the headers) is
 * written straight to the connection's non-blocking socket channel while the output has nothing pending (the end
 * point is told, so its idle timeout restarts as after its own writes): one {@code write(2)}, none of the
 * output's per-write state. Whatever the socket does not take at once is handed to the output as before, which
 * finishes it and calls the write listener when it can take more. Only on a plain socket: an encrypted
 * connection's bytes are left to Jetty's TLS layer. A frame written to many streams is chunked once into a direct
 * buffer, so the socket write copies nothing either.
 */
final class FrameOutput {
    private static final Logger log = LoggerFactory.getLogger(FrameOutput.class);
    private static final MethodType WRITE_BUFFER = MethodType.methodType(void.class, ByteBuffer.class);
    private static final ClassValue<MethodHandle> DIRECT_WRITE = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            if (!isJettyOutput(type)) {
                return null;
            }
            try {
                return MethodHandles.publicLookup().findVirtual(type, "write", WRITE_BUFFER)
                        .asType(MethodType.methodType(void.class, ServletOutputStream.class, ByteBuffer.class));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                return null;
            }
        }
    };
    private static final ClassValue<JettyResponse> JETTY_RESPONSE = new ClassValue<>() {
        @Override
        protected JettyResponse computeValue(Class<?> type) {
            return JettyResponse.lookup(type);
        }
    };
    private static final byte[] CRLF = {'\r', '\n'};
    /** The last chunk and an empty trailer section: the body ended cleanly. */
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Jetty's {@code HttpOutput} (ee10 and later), which writes a {@code ByteBuffer} without aggregating it. */
    private static boolean isJettyOutput(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().startsWith("org.eclipse.jetty.") && c.getSimpleName().equals("HttpOutput")) {
                return true;
            }
        }
        return false;
    }

    private final ServletOutputStream out;
    private final MethodHandle directWrite;
    /** Jetty's core response behind the servlet response, or null where the container frames the stream. */
    private final JettyResponse jetty;
    /** Until the first write, with {@link #jetty}: the response whose headers still decide the framing. */
    private HttpServletResponse uncommitted;
    private boolean chunking;
    private boolean unflushed;
    /** While chunking: reaches the connection's socket (see the class comment), or null where it cannot. */
    private JettySocket socket;
    /** The connection's {@code EndPoint}, for {@link #socket}; null until the first chunk is written. */
    private Object endPoint;
    /** The end point's socket channel, written directly from the second chunk on; null otherwise. */
    private SocketChannel channel;

    private FrameOutput(ServletOutputStream out, MethodHandle directWrite, JettyResponse jetty,
                        HttpServletResponse response) {
        this.out = out;
        this.directWrite = directWrite;
        this.jetty = jetty;
        this.uncommitted = jetty == null ? null : response;
    }

    /** The output of an event stream's async request; its headers are final only at the first write. */
    static FrameOutput of(AsyncContext async, ServletOutputStream out) {
        MethodHandle directWrite = DIRECT_WRITE.get(out.getClass());
        if (directWrite != null && "HTTP/1.1".equals(async.getRequest().getProtocol())
                && async.getResponse() instanceof HttpServletResponse r) {
            return new FrameOutput(out, directWrite, JETTY_RESPONSE.get(r.getClass()), r);
        }
        return new FrameOutput(out, directWrite, null, null);
    }

    /** Starts writing {@code frame} (never modified afterwards); ask {@link #isReady()} before the next call. */
    void write(byte[] frame) throws IOException {
        HttpServletResponse first = uncommitted;
        if (first != null) {
            uncommitted = null;
            chooseFraming(first);
        }
        if (directWrite == null) {
            out.write(frame);
            unflushed = true;
            return;
        }
        if (!chunking) {
            writeDirect(ByteBuffer.wrap(frame));
            return;
        }
        ByteBuffer chunk = chunkOf(frame);
        if (channel != null) {
            writeToSocket(chunk);
            return;
        }
        writeDirect(chunk);
        // The headers are on their way: from the next chunk on, the socket may be written directly.
        if (first != null && socket != null) {
            endPoint = socket.endPoint(first);
            channel = endPoint == null ? null : socket.channel(endPoint);
        }
    }

    /**
     * Ends the body cleanly if the stream frames it itself (the last chunk), before the response completes; true
     * if something was written (ask {@link #isReady()} then). A stream that is cut skips it: the client must see
     * the end as a failure and reconnect.
     */
    boolean writeEnd() throws IOException {
        if (!chunking) {
            return false;
        }
        chunking = false;
        ByteBuffer last = ByteBuffer.wrap(LAST_CHUNK);
        if (channel != null) {
            writeToSocket(last);
        } else {
            writeDirect(last);
        }
        return true;
    }

    /** True after a {@code write(byte[])} that still needs its {@link #flush()}. */
    boolean unflushed() {
        return unflushed;
    }

    void flush() throws IOException {
        unflushed = false;
        out.flush();
    }

    boolean isReady() {
        return out.isReady();
    }

    private void chooseFraming(HttpServletResponse response) {
        if (response.isCommitted()) {
            return;
        }
        try {
            jetty.rawHeader().invokeExact((Object) response, "Transfer-Encoding", "chunked");
        } catch (Throwable t) {
            log.debug("Cannot frame the stream's chunks ({}); leaving them to the container", t.toString());
            return;
        }
        response.setHeader("Connection", "close");
        chunking = true;
        socket = jetty.socket();
    }

    /** One non-blocking socket write; what it leaves is handed to the output, which finishes it. */
    private void writeToSocket(ByteBuffer chunk) throws IOException {
        if (channel.write(chunk) > 0) {
            socket.written(endPoint);
        }
        if (chunk.hasRemaining()) {
            writeDirect(chunk);
        }
    }

    private void writeDirect(ByteBuffer bytes) throws IOException {
        try {
            directWrite.invokeExact(out, bytes);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    /**
     * The chunk made last, with the frame it was made of: on the heap at first, copied into a direct buffer when
     * it is written a second time (a frame of many streams, not one stream's joined frames).
     */
    private record Chunk(byte[] frame, ByteBuffer bytes, boolean shared) {
    }

    /**
     * The chunk of the frame written last, kept because one event's frame goes to every stream of a room in turn:
     * it is framed once, not once per stream. A memo of {@link #chunk} keyed by the frame's identity (frames are
     * never modified), so a race between fan-out threads only means one more chunk made.
     */
    private static volatile Chunk lastChunk;

    /** {@code frame} as a chunk, a buffer of its own over bytes that are never modified. */
    private static ByteBuffer chunkOf(byte[] frame) {
        Chunk last = lastChunk;
        if (last != null && last.frame == frame) {
            if (!last.shared) {
                ByteBuffer direct = ByteBuffer.allocateDirect(last.bytes.capacity()).put(last.bytes.duplicate());
                last = new Chunk(frame, direct.flip().asReadOnlyBuffer(), true);
                lastChunk = last;
            }
            return last.bytes.duplicate();
        }
        ByteBuffer bytes = ByteBuffer.wrap(chunk(frame)).asReadOnlyBuffer();
        lastChunk = new Chunk(frame, bytes, false);
        return bytes.duplicate();
    }

    /** {@code frame} as one complete HTTP/1.1 chunk: its size in hex, CRLF, the frame, CRLF. */
    static byte[] chunk(byte[] frame) {
        int digits = Math.max(1, (Integer.SIZE - Integer.numberOfLeadingZeros(frame.length) + 3) / 4);
        byte[] chunk = new byte[digits + 2 + frame.length + 2];
        for (int i = digits - 1, n = frame.length; i >= 0; i--, n >>>= 4) {
            chunk[i] = HEX[n & 0xf];
        }
        chunk[digits] = '\r';
        chunk[digits + 1] = '\n';
        System.arraycopy(frame, 0, chunk, digits + 2, frame.length);
        System.arraycopy(CRLF, 0, chunk, chunk.length - 2, 2);
        return chunk;
    }

    /**
     * Jetty's core response behind a servlet response ({@code getResponse()}), looked up reflectively on the
     * response's own class loader (a web application cannot see Jetty's classes), and what this stream reaches
     * through it: a header added as it is ({@link #rawHeader}) and the connection's plain socket ({@link #socket},
     * null where any of it is missing). Null where the header cannot be added.
     *
     * @param rawHeader {@code (response, name, value)}: adds a response header that Jetty's HTTP/1.1 generator
     *                  copies as it is instead of acting on it, a field without a known {@code HttpHeader}
     */
    private record JettyResponse(MethodHandle rawHeader, JettySocket socket) {
        static JettyResponse lookup(Class<?> servletResponse) {
            if (!servletResponse.getName().startsWith("org.eclipse.jetty.")) {
                return null;
            }
            try {
                ClassLoader loader = servletResponse.getClassLoader();
                Class<?> coreResponse = Class.forName("org.eclipse.jetty.server.Response", false, loader);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                MethodHandle getResponse = lookup.findVirtual(servletResponse, "getResponse",
                        MethodType.methodType(coreResponse));
                return new JettyResponse(rawHeader(lookup, loader, coreResponse, getResponse),
                        JettySocket.lookup(lookup, loader, coreResponse, getResponse));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        private static MethodHandle rawHeader(MethodHandles.Lookup lookup, ClassLoader loader, Class<?> coreResponse,
                                              MethodHandle getResponse) throws ReflectiveOperationException {
            Class<?> fields = Class.forName("org.eclipse.jetty.http.HttpFields$Mutable", false, loader);
            Class<?> field = Class.forName("org.eclipse.jetty.http.HttpField", false, loader);
            Class<?> header = Class.forName("org.eclipse.jetty.http.HttpHeader", false, loader);
            MethodHandle getHeaders = lookup.findVirtual(coreResponse, "getHeaders", MethodType.methodType(fields));
            MethodHandle add = lookup.findVirtual(fields, "add", MethodType.methodType(fields, field));
            // new HttpField(null, name, value): no HttpHeader, so the generator does not interpret it.
            MethodHandle newField = MethodHandles.insertArguments(lookup.findConstructor(field,
                    MethodType.methodType(void.class, header, String.class, String.class)), 0, (Object) null);
            // (response, name, value) -> response.getResponse().getHeaders().add(new HttpField(null, name, value))
            MethodHandle headersOf = MethodHandles.filterReturnValue(getResponse, getHeaders);
            MethodHandle addField = MethodHandles.filterArguments(add, 0, headersOf);
            addField = MethodHandles.collectArguments(addField, 1, newField);
            return addField.asType(MethodType.methodType(void.class, Object.class, String.class, String.class));
        }
    }

    /**
     * A Jetty connection's plain socket behind the core response: {@code getRequest().getConnectionMetaData()
     * .getConnection().getEndPoint()}, that end point's {@code SocketChannel} and its {@code notIdle()}.
     */
    private static final class JettySocket {
        private static final String PLAIN_SOCKET = "org.eclipse.jetty.io.SocketChannelEndPoint";
        private final MethodHandle endPoint;
        private final MethodHandle channel;
        private final MethodHandle notIdle;

        private JettySocket(MethodHandle endPoint, MethodHandle channel, MethodHandle notIdle) {
            this.endPoint = endPoint;
            this.channel = channel;
            this.notIdle = notIdle;
        }

        /** Null where any of it is missing. */
        static JettySocket lookup(MethodHandles.Lookup lookup, ClassLoader loader, Class<?> coreResponse,
                                  MethodHandle getResponse) {
            try {
                Class<?> coreRequest = Class.forName("org.eclipse.jetty.server.Request", false, loader);
                Class<?> metaData = Class.forName("org.eclipse.jetty.server.ConnectionMetaData", false, loader);
                Class<?> connection = Class.forName("org.eclipse.jetty.io.Connection", false, loader);
                Class<?> endPoint = Class.forName("org.eclipse.jetty.io.EndPoint", false, loader);
                Class<?> plainSocket = Class.forName(PLAIN_SOCKET, false, loader);
                Class<?> idleTimeout = Class.forName("org.eclipse.jetty.io.IdleTimeout", false, loader);
                MethodHandle chain = MethodHandles.filterReturnValue(getResponse, lookup.findVirtual(coreResponse,
                        "getRequest", MethodType.methodType(coreRequest)));
                chain = MethodHandles.filterReturnValue(chain, lookup.findVirtual(coreRequest,
                        "getConnectionMetaData", MethodType.methodType(metaData)));
                chain = MethodHandles.filterReturnValue(chain, lookup.findVirtual(metaData, "getConnection",
                        MethodType.methodType(connection)));
                chain = MethodHandles.filterReturnValue(chain, lookup.findVirtual(connection, "getEndPoint",
                        MethodType.methodType(endPoint)));
                MethodHandle channel = lookup.findVirtual(plainSocket, "getChannel",
                        MethodType.methodType(SocketChannel.class));
                MethodHandle notIdle = lookup.findVirtual(idleTimeout, "notIdle", MethodType.methodType(void.class));
                return new JettySocket(chain.asType(MethodType.methodType(Object.class, Object.class)),
                        channel.asType(MethodType.methodType(SocketChannel.class, Object.class)),
                        notIdle.asType(MethodType.methodType(void.class, Object.class)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        /** The response's end point if it is a plain socket, else null. */
        Object endPoint(HttpServletResponse response) {
            Object e;
            try {
                e = (Object) endPoint.invokeExact((Object) response);
            } catch (Throwable t) {
                log.debug("Cannot reach the stream's socket ({}); writing through the output", t.toString());
                return null;
            }
            for (Class<?> c = e == null ? null : e.getClass(); c != null; c = c.getSuperclass()) {
                if (c.getName().equals(PLAIN_SOCKET)) {
                    return e;
                }
            }
            return null;
        }

        /** The plain socket end point's channel (non-blocking). */
        SocketChannel channel(Object endPoint) {
            try {
                return (SocketChannel) channel.invokeExact(endPoint);
            } catch (Throwable t) {
                log.debug("Cannot reach the stream's socket ({}); writing through the output", t.toString());
                return null;
            }
        }

        /** Tells the end point that it was written to, as its own writes do, so its idle timeout restarts. */
        void written(Object endPoint) {
            try {
                notIdle.invokeExact(endPoint);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }
}
