package com.propertyhub.realtime;

import com.propertyhub.identity.AuthUser;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open event stream, written through the servlet's non-blocking output. Frames wait in a bounded queue;
 * whoever enqueues a frame writes it right away if the socket can take it, and the container's
 * {@link #onWritePossible()} resumes when the socket drains. A frame for an idle stream is written without
 * being queued; frames waiting together go out in one write.
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
    /** Which fan-out thread writes this stream's events when its room is large (see {@link RoomRegistry}). */
    private int share;
    private final AuthUser user;
    private final List<String> rooms;
    private final EventFilter filter;
    private final int queueLimit;
    private final AsyncContext async;
    private final FrameOutput out;
    private final Consumer<SseConnection> onClosed;

    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger state = new AtomicInteger(AWAITING);
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean live;
    private volatile boolean closeWhenDrained;
    private volatile boolean abort;
    private volatile String closeReason;
    /** Guarded by {@code this} until {@link #live}; afterwards touched only by the delivery thread. */
    private List<Event> heldDuringReplay = new ArrayList<>();
    /** Live events were dropped from {@link #heldDuringReplay} (guarded by {@code this}); the log still has them. */
    private boolean heldOverflowed;
    private long lastQueuedId;
    /** While replaying from the log: asks for the next page (on another thread); null otherwise. */
    private volatile Runnable nextReplayPage;
    private final AtomicBoolean pageRequested = new AtomicBoolean();

    SseConnection(String id, AuthUser user, List<String> rooms, EventFilter filter, int queueLimit,
                  AsyncContext async, FrameOutput out, Consumer<SseConnection> onClosed) {
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

    /** Set once, before the stream joins its rooms. */
    void share(int share) {
        this.share = share;
    }

    int share() {
        return share;
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
                        if (nextReplayPage == null) {
                            cut("too many events while replaying");
                        } else {
                            // Every live event is already in the log: the replay reads these from there.
                            heldDuringReplay.clear();
                            heldOverflowed = true;
                        }
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

    /** The client has seen (or reloads) everything up to {@code id}; before {@link #goLive} only. */
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

    /** A replayed event (before {@link #goLive}). */
    void replay(Event e) {
        lastQueuedId = e.id();
        if (filter.accepts(e.name())) {
            enqueue(e.frame());
        }
    }

    /**
     * Starts replaying from the log page by page: {@code nextPage} is run (it should hand the reading to another
     * thread, which then calls {@link #replayPage}) each time the queue has drained, so a client far behind
     * costs one page of memory at a time and reads at its own pace. Live events wait meanwhile; if more arrive
     * than the queue limit they are dropped from memory and read from the log with the rest. The caller reads
     * the first page (and hands it to {@link #replayPage}): no page is asked for before that one arrived.
     */
    void replayFromLog(Runnable nextPage) {
        pageRequested.set(true);
        nextReplayPage = nextPage;
    }

    /** The id the replay has reached: the next page starts after it. */
    long replayedThrough() {
        return lastQueuedId;
    }

    /**
     * One page of the replay. With {@code end} (the log had nothing more when it was read) the stream goes live,
     * unless live events were dropped meanwhile: then the replay reads on.
     */
    void replayPage(List<Event> page, boolean end) {
        page.forEach(this::replay);
        if (end) {
            synchronized (this) {
                end = !heldOverflowed;
                heldOverflowed = false;
            }
        }
        if (end) {
            nextReplayPage = null;
            goLive();
            return;
        }
        pageRequested.set(false);
        flushQueue();
    }

    /** Ends a replay early with a last replay frame (resync), then goes live. */
    void endReplay(byte[] frame) {
        enqueue(frame);
        nextReplayPage = null;
        goLive();
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

    /**
     * Writes a frame (shared bytes, never modified) now if nothing is waiting and the socket is ready, without
     * touching the queue (the common case: no allocation for the queue); otherwise queues it behind the others.
     */
    void send(byte[] frame) {
        if (queue.isEmpty() && !closeWhenDrained && state.compareAndSet(IDLE, WRITING)) {
            drain(frame);
        } else if (enqueue(frame)) {
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
                    Runnable nextPage = nextReplayPage;
                    if (nextPage != null && pageRequested.compareAndSet(false, true)) {
                        nextPage.run();
                    }
                    state.set(IDLE);
                    // A frame queued (or a replay page wanted) after the poll but before IDLE would otherwise wait.
                    if ((queue.isEmpty() && !replayPageWanted()) || !state.compareAndSet(IDLE, WRITING)) {
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

    private boolean replayPageWanted() {
        return nextReplayPage != null && !pageRequested.get();
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
        ByteArrayOutputStream joined = new ByteArrayOutputStream(Math.min(MAX_WRITE, first.length * 4));
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
