package com.propertyhub.realtime;

import com.propertyhub.auth.AuthUser;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open event stream, written through the servlet's non-blocking output. Frames wait in a bounded queue;
 * whoever enqueues a frame writes it right away if the socket can take it, and the container's
 * {@link #onWritePossible()} resumes when the socket drains. Frames waiting together go out in one write.
 * When the queue overflows (a slow or stalled client) the stream is cut: the client reconnects and catches
 * up from the log, and nobody else waits for it.
 *
 * <p>Until {@link #goLive} the stream is replaying the log: live events are held, then the held ones newer
 * than the replay are queued, so nothing is lost or repeated at that seam.
 */
public final class SseConnection implements WriteListener {
    private static final Logger log = LoggerFactory.getLogger(SseConnection.class);
    private static final int IDLE = 0;
    private static final int WRITING = 1;
    /** Waiting for the container to call {@link #onWritePossible()}. */
    private static final int AWAITING = 2;
    private static final int DONE = 3;
    /** Frames waiting together are joined into writes of at most this size. */
    private static final int MAX_WRITE = 64 * 1024;

    private final String id;
    private final AuthUser user;
    private final List<String> rooms;
    private final EventFilter filter;
    private final int queueLimit;
    private final AsyncContext async;
    private final ServletOutputStream out;
    private final Consumer<SseConnection> onClosed;

    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger state = new AtomicInteger(AWAITING);
    private final java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean live;
    private volatile boolean closeWhenDrained;
    private volatile boolean abort;
    private volatile String closeReason;
    /** Guarded by {@code this} until {@link #live}; afterwards touched only by the delivery thread. */
    private List<Event> heldDuringReplay = new ArrayList<>();
    private long lastQueuedId;

    SseConnection(String id, AuthUser user, List<String> rooms, EventFilter filter, int queueLimit,
                  AsyncContext async, ServletOutputStream out, Consumer<SseConnection> onClosed) {
        this.id = id;
        this.user = user;
        this.rooms = rooms;
        this.filter = filter;
        this.queueLimit = queueLimit;
        this.async = async;
        this.out = out;
        this.onClosed = onClosed;
    }

    public String id() {
        return id;
    }

    public AuthUser user() {
        return user;
    }

    public List<String> rooms() {
        return rooms;
    }

    public boolean isOpen() {
        return state.get() != DONE;
    }

    /** A live event from the delivery thread. */
    void offer(Event e) {
        if (!live) {
            synchronized (this) {
                if (!live) {
                    heldDuringReplay.add(e);
                    if (heldDuringReplay.size() > queueLimit) {
                        cut("too many events while replaying");
                    }
                    return;
                }
            }
        }
        if (e.id() <= lastQueuedId) {
            return;
        }
        lastQueuedId = e.id();
        if (filter.accepts(e.name())) {
            send(e.frame());
        }
    }

    /** The client has seen everything up to {@code id} (request thread, before {@link #goLive}). */
    void resumeAfter(long id) {
        lastQueuedId = id;
    }

    /**
     * A transient signal: written only to a live stream. One still replaying drops it, as it would drop any
     * signal sent before it connected; transient signals are never replayed.
     */
    boolean offerTransient(TransientEvent e) {
        if (!live || !filter.accepts(e.name())) {
            return false;
        }
        send(e.frame());
        return true;
    }

    /** A replayed event (request thread, before {@link #goLive}). */
    void replay(Event e) {
        lastQueuedId = e.id();
        if (filter.accepts(e.name())) {
            enqueue(e.frame());
        }
    }

    /** Ends the replay: queues the live events that arrived meanwhile and are newer than the replay. */
    void goLive() {
        synchronized (this) {
            for (Event e : heldDuringReplay) {
                if (e.id() > lastQueuedId) {
                    lastQueuedId = e.id();
                    if (filter.accepts(e.name())) {
                        enqueue(e.frame());
                    }
                }
            }
            heldDuringReplay = null;
            live = true;
        }
        flushQueue();
    }

    /** Queues a frame (shared bytes, never modified) and writes it if the socket is ready. */
    void send(byte[] frame) {
        if (enqueue(frame)) {
            flushQueue();
        }
    }

    /** Sends a last frame, then ends the stream (token expired, server shutting down). */
    void closeAfter(byte[] lastFrame, String reason) {
        closeReason = reason;
        enqueue(lastFrame);
        closeWhenDrained = true;
        flushQueue();
    }

    /** Ends the stream now, dropping whatever is queued (slow consumer, write error). */
    void cut(String reason) {
        closeReason = reason;
        abort = true;
        closeWhenDrained = true;
        if (state.compareAndSet(IDLE, DONE) || state.compareAndSet(AWAITING, DONE)) {
            finish();
        }
    }

    /** Queues without writing; false when the stream is closing or the queue overflowed. */
    boolean enqueue(byte[] frame) {
        if (closeWhenDrained || state.get() == DONE) {
            return false;
        }
        if (queued.incrementAndGet() > queueLimit) {
            queued.decrementAndGet();
            log.debug("stream {} of user {} is too slow; cutting it", id, user.id());
            cut("slow consumer");
            return false;
        }
        queue.add(frame);
        return true;
    }

    void flushQueue() {
        if (state.compareAndSet(IDLE, WRITING)) {
            drain();
        }
    }

    @Override
    public void onWritePossible() {
        if (state.compareAndSet(AWAITING, WRITING)) {
            drain();
        }
    }

    @Override
    public void onError(Throwable t) {
        log.debug("stream {} failed: {}", id, t.toString());
        closeReason = "write failed";
        state.set(DONE);
        finish();
    }

    /** Runs only in state WRITING, so one thread at a time touches the output. */
    private void drain() {
        try {
            while (true) {
                if (abort) {
                    state.set(DONE);
                    finish();
                    return;
                }
                byte[] chunk = pollChunk();
                if (chunk == null) {
                    if (closeWhenDrained) {
                        state.set(DONE);
                        finish();
                        return;
                    }
                    state.set(IDLE);
                    // A frame queued after the poll but before IDLE would otherwise wait for the next one.
                    if (queue.isEmpty() || !state.compareAndSet(IDLE, WRITING)) {
                        return;
                    }
                    continue;
                }
                out.write(chunk);
                if (!awaitReady()) {
                    return;
                }
                out.flush();
                if (!awaitReady()) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("stream {} write failed: {}", id, e.toString());
            closeReason = "write failed";
            state.set(DONE);
            finish();
        }
    }

    /**
     * True if the output can take more now. Otherwise hands the writing over to {@link #onWritePossible()}:
     * the state is set before asking, so a callback racing with us finds it and takes over.
     */
    private boolean awaitReady() {
        state.set(AWAITING);
        if (!out.isReady()) {
            return false;
        }
        return state.compareAndSet(AWAITING, WRITING);
    }

    private byte[] pollChunk() {
        byte[] first = queue.poll();
        if (first == null) {
            return null;
        }
        queued.decrementAndGet();
        byte[] next = queue.peek();
        if (next == null || first.length + next.length > MAX_WRITE) {
            return first;
        }
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream(Math.min(MAX_WRITE, first.length * 4));
        joined.writeBytes(first);
        while ((next = queue.peek()) != null && joined.size() + next.length <= MAX_WRITE) {
            joined.writeBytes(queue.poll());
            queued.decrementAndGet();
        }
        return joined.toByteArray();
    }

    private void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        queue.clear();
        queued.set(0);
        onClosed.accept(this);
        try {
            async.complete();
        } catch (RuntimeException e) {
            log.debug("stream {} already completed: {}", id, e.toString());
        }
        log.debug("stream {} of user {} closed ({})", id, user.id(), closeReason);
    }

    /** Why the stream ended, for logs and tests; null while open. */
    public String closeReason() {
        return state.get() == DONE ? closeReason : null;
    }

    boolean tokenExpired(Instant now) {
        return user.tokenExpiresAt() != null && !now.isBefore(user.tokenExpiresAt());
    }
}
