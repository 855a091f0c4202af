package com.propertyhub.realtime;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A servlet output in non-blocking mode whose readiness the test controls, keeping every byte written. It keeps
 * the container's side of the contract: once {@link #isReady()} has answered false it stays false until the
 * test lets the socket drain ({@link #drain()}), which then calls {@link WriteListener#onWritePossible()} once;
 * the first call comes after {@link #setWriteListener}, when the test {@link #open()}s the output. Not a
 * Jetty output, so {@link FrameOutput} writes {@code byte[]} and flushes, framing nothing itself.
 */
final class FakeServletOutput extends ServletOutputStream {
    private static final Pattern ID = Pattern.compile("(?m)^id: (\\d+)$");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<Integer> writes = new ArrayList<>();
    private final AtomicInteger completions = new AtomicInteger();
    /** Someone is inside write or flush: a second caller at the same time breaks the servlet contract. */
    private final AtomicBoolean inUse = new AtomicBoolean();
    private final AtomicInteger overlaps = new AtomicInteger();
    private volatile WriteListener listener;
    /** isReady() answered false and the container owes the listener its onWritePossible(). */
    private volatile boolean owesCallback = true;
    /** Answer isReady() with false once after each write (the socket fills at every frame). */
    private volatile boolean fillsAfterEachWrite;
    private volatile boolean full;
    private volatile IOException failure;
    private volatile Consumer<byte[]> duringWrite = b -> { };

    /** The async context of the stream: counts {@link AsyncContext#complete()}, refuses everything else. */
    final AsyncContext async = (AsyncContext) Proxy.newProxyInstance(AsyncContext.class.getClassLoader(),
            new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> switch (method.getName()) {
                case "complete" -> {
                    completions.incrementAndGet();
                    yield null;
                }
                case "toString" -> "fake async context";
                default -> throw new UnsupportedOperationException(method.getName());
            });

    /** The output as a stream writes through it. */
    FrameOutput frameOutput() {
        return FrameOutput.of(async, this);
    }

    /** The container calls the listener for the first time (it does so after setWriteListener). */
    void open() {
        drain();
    }

    /** From now on the socket is full after every write, until the test drains it. */
    void fillAfterEachWrite() {
        fillsAfterEachWrite = true;
    }

    /** The socket takes writes again without filling. */
    void neverFill() {
        fillsAfterEachWrite = false;
    }

    /** The socket has drained: calls onWritePossible() if isReady() answered false since the last call. */
    void drain() {
        full = false;
        if (owesCallback) {
            owesCallback = false;
            try {
                listener.onWritePossible();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Every write from now on fails with {@code e}, as a write to a vanished peer does. */
    void failWritesWith(IOException e) {
        failure = e;
    }

    /** Runs {@code action} inside the next writes (as another thread acting meanwhile would). */
    void duringWrite(Consumer<byte[]> action) {
        duringWrite = action;
    }

    @Override
    public boolean isReady() {
        if (full) {
            owesCallback = true;
            return false;
        }
        return true;
    }

    @Override
    public void setWriteListener(WriteListener writeListener) {
        listener = writeListener;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        enter();
        try {
            IOException fail = failure;
            if (fail != null) {
                throw fail;
            }
            synchronized (this) {
                bytes.write(b, off, len);
                writes.add(len);
            }
            duringWrite.accept(b);
            if (fillsAfterEachWrite) {
                full = true;
            }
        } finally {
            leave();
        }
    }

    @Override
    public void flush() throws IOException {
        enter();
        leave();
    }

    private void enter() {
        if (!inUse.compareAndSet(false, true)) {
            overlaps.incrementAndGet();
        }
    }

    private void leave() {
        inUse.set(false);
    }

    /** Everything written so far, as text. */
    synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** How many bytes were written so far. */
    synchronized int size() {
        return bytes.size();
    }

    /** The sizes of the writes so far, in order. */
    synchronized List<Integer> writes() {
        return List.copyOf(writes);
    }

    /** The event ids written so far, in order. */
    List<Long> ids() {
        List<Long> ids = new ArrayList<>();
        Matcher m = ID.matcher(text());
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    int completions() {
        return completions.get();
    }

    /** How often two threads used the output at the same time (should never happen). */
    int overlaps() {
        return overlaps.get();
    }
}
