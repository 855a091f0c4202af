package com.propertyhub.realtime;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one stream's frames through the servlet's non-blocking output. Frames wait in a bounded queue; whoever
 * hands over a frame writes it right away if the socket can take it, and the container's
 * {@link #onWritePossible()} resumes when the socket drains. A frame for an idle stream is written without being
 * queued; frames waiting together go out in one write. When the queue overflows (a slow or stalled client) the
 * stream is cut: the client reconnects and catches up from the log, and nobody else waits for it.
 *
 * <p>Any thread may call in (the delivery and fan-out threads, replay threads, the timers, the container's
 * callbacks): a compare-and-set on the state lets one of them at a time write, without a lock. It knows nothing
 * of events or replays; what it writes and when is {@link SseConnection}'s part.
 */
final class StreamWriter implements WriteListener {
    private static final Logger log = LoggerFactory.getLogger(StreamWriter.class);
    private static final int IDLE = 0;
    private static final int WRITING = 1;
    /** Waiting for the container to call {@link #onWritePossible()}. */
    private static final int AWAITING = 2;
    private static final int DONE = 3;
    /** Frames waiting together are joined into writes of at most this size. */
    static final int MAX_WRITE = 64 * 1024;

    /**
     * What feeds the queue in batches besides single frames (a replay reading the log page by page): told each
     * time the queue has drained, so it can ask for the next batch.
     */
    interface Feed {
        /** The queue has drained; on the writing thread, so it must hand any reading to another thread. */
        void drained();

        /** True if {@link #drained} would ask for more now: the writer does not go idle without telling it. */
        boolean wantsMore();
    }

    private final String id;
    private final UUID userId;
    private final int queueLimit;
    private final AsyncContext async;
    private final FrameOutput out;
    private final Feed feed;
    private final Runnable onClosed;

    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger state = new AtomicInteger(AWAITING);
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean closeWhenDrained;
    private volatile boolean abort;
    private volatile String closeReason;

    /**
     * Starts waiting for the container's first {@link #onWritePossible()} (after {@code setWriteListener}): frames
     * handed over before it are queued.
     *
     * @param id       the stream's id, for logs
     * @param userId   its user's id, for logs
     * @param onClosed run once when the stream ends, however it ends
     */
    StreamWriter(String id, UUID userId, int queueLimit, AsyncContext async, FrameOutput out, Feed feed,
                 Runnable onClosed) {
        this.id = id;
        this.userId = userId;
        this.queueLimit = queueLimit;
        this.async = async;
        this.out = out;
        this.feed = feed;
        this.onClosed = onClosed;
    }

    boolean isOpen() {
        return state.get() != DONE;
    }

    /** Why the stream ended, for logs and tests; null while open. */
    String closeReason() {
        return state.get() == DONE ? closeReason : null;
    }

    /**
     * Writes a frame (shared bytes, never modified) now if nothing is waiting and the socket is ready, without
     * touching the queue (the common case: no allocation for the queue); otherwise queues it behind the others.
     */
    void send(byte[] frame) {
        if (queue.isEmpty() && !closeWhenDrained && state.compareAndSet(IDLE, WRITING)) {
            drain(frame);
        } else if (enqueue(frame)) {
            flush();
        }
    }

    /** Sends a last frame, then ends the stream (token expired, server shutting down). */
    void closeAfter(byte[] lastFrame, String reason) {
        closeReason = reason;
        enqueue(lastFrame);
        closeWhenDrained = true;
        flush();
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
            log.debug("stream {} of user {} is too slow; cutting it", id, userId);
            cut("slow consumer");
            return false;
        }
        queue.add(frame);
        return true;
    }

    /** Writes what is queued if no one else is writing or waiting for the socket. */
    void flush() {
        if (state.compareAndSet(IDLE, WRITING)) {
            drain(null);
        }
    }

    @Override
    public void onWritePossible() {
        if (state.compareAndSet(AWAITING, WRITING)) {
            drain(null);
        }
    }

    @Override
    public void onError(Throwable t) {
        log.debug("stream {} failed: {}", id, t.toString());
        closeReason = "write failed";
        state.set(DONE);
        finish();
    }

    /**
     * Runs only in state WRITING, so one thread at a time touches the output. Writes {@code first} (if not null)
     * and then whatever is queued, each in one call, until the queue is empty or the socket is full.
     */
    private void drain(byte[] first) {
        byte[] chunk = first;
        try {
            while (true) {
                if (abort) {
                    state.set(DONE);
                    finish();
                    return;
                }
                if (out.unflushed()) {
                    out.flush();
                    if (!awaitReady()) {
                        return;
                    }
                    continue;
                }
                if (chunk == null) {
                    chunk = pollChunk();
                }
                if (chunk == null) {
                    if (closeWhenDrained) {
                        if (out.writeEnd()) {
                            if (!awaitReady()) {
                                return;
                            }
                            continue;
                        }
                        state.set(DONE);
                        finish();
                        return;
                    }
                    feed.drained();
                    state.set(IDLE);
                    // A frame queued (or more wanted by the feed) after the poll but before IDLE would otherwise wait.
                    if ((queue.isEmpty() && !feed.wantsMore()) || !state.compareAndSet(IDLE, WRITING)) {
                        return;
                    }
                    continue;
                }
                out.write(chunk);
                chunk = null;
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
        // Sized first, so the frames are copied once: only the writing thread takes from the queue (a stream that
        // ends meanwhile clears it, hence the null check below).
        int size = first.length;
        int count = 0;
        for (byte[] next : queue) {
            if (size + next.length > MAX_WRITE) {
                break;
            }
            size += next.length;
            count++;
        }
        if (count == 0) {
            return first;
        }
        byte[] joined = Arrays.copyOf(first, size);
        int at = first.length;
        for (; count > 0; count--) {
            byte[] next = queue.poll();
            if (next == null) {
                return Arrays.copyOf(joined, at);
            }
            queued.decrementAndGet();
            System.arraycopy(next, 0, joined, at, next.length);
            at += next.length;
        }
        return joined;
    }

    private void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        queue.clear();
        queued.set(0);
        onClosed.run();
        try {
            async.complete();
        } catch (RuntimeException e) {
            log.debug("stream {} already completed: {}", id, e.toString());
        }
        log.debug("stream {} of user {} closed ({})", id, userId, closeReason);
    }
}
