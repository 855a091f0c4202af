package com.propertyhub.realtime;

import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

/**
 * A stream's servlet output in non-blocking mode, writing each frame with one call where the container allows
 * it. Jetty's output has a public {@code write(ByteBuffer)} that hands the bytes to the connection as they are:
 * no copy into the response buffer and no separate flush. Elsewhere (Tomcat's {@code write(ByteBuffer)}, for
 * one, only buffers) a frame is {@code write(byte[])} and then {@link #flush()}, with {@code isReady()} asked
 * in between. Jetty's method is looked up on the output's class, so the WAR still runs where that class is
 * hidden from the web application.
 */
final class FrameOutput {
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
    private boolean unflushed;

    private FrameOutput(ServletOutputStream out, MethodHandle directWrite) {
        this.out = out;
        this.directWrite = directWrite;
    }

    static FrameOutput of(ServletOutputStream out) {
        return new FrameOutput(out, DIRECT_WRITE.get(out.getClass()));
    }

    /** Starts writing {@code frame} (never modified afterwards); ask {@link #isReady()} before the next call. */
    void write(byte[] frame) throws IOException {
        if (directWrite == null) {
            out.write(frame);
            unflushed = true;
            return;
        }
        try {
            directWrite.invokeExact(out, ByteBuffer.wrap(frame));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
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
}
