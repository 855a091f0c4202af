package com.propertyhub.realtime;

import com.propertyhub.identity.AuthUser;
import jakarta.servlet.AsyncContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One open event stream as its rooms see it: whose it is, and which events reach its {@link StreamWriter} when.
 *
 * <p>Until {@link #goLive} the stream is replaying the log: live events are held, then the held ones newer
 * than the replay are queued, so nothing is lost or repeated at that seam. Afterwards each live event is written
 * unless the stream already has it ({@link #offer}). The writing itself (the bounded queue, the non-blocking
 * output, cutting a slow client) is the writer's.
 */
public final class SseConnection implements StreamWriter.Feed {
    private final String id;
    /** Which fan-out thread writes this stream's events when its room is large (see {@link RoomRegistry}). */
    private int share;
    private final AuthUser user;
    private final List<String> rooms;
    private final EventFilter filter;
    private final int queueLimit;
    private final StreamWriter writer;

    private volatile boolean live;
    /** Guarded by {@code this} until {@link #live}; afterwards touched only by the delivery thread. */
    private List<Event> heldDuringReplay = new ArrayList<>();
    /** Live events were dropped from {@link #heldDuringReplay} (guarded by {@code this}); the log still has them. */
    private boolean heldOverflowed;
    private long lastQueuedId;
    /** While replaying from the log: asks for the next page (on another thread); null otherwise. */
    private volatile Runnable nextReplayPage;
    private final AtomicBoolean pageRequested = new AtomicBoolean();

    /**
     * @param queueLimit frames the writer queues at most, and live events held during a replay at most
     * @param onClosed   told once when the stream has ended
     */
    SseConnection(String id, AuthUser user, List<String> rooms, EventFilter filter, int queueLimit,
                  AsyncContext async, FrameOutput out, Consumer<SseConnection> onClosed) {
        this.id = id;
        this.user = user;
        this.rooms = rooms;
        this.filter = filter;
        this.queueLimit = queueLimit;
        this.writer = new StreamWriter(id, user.id(), queueLimit, async, out, this, () -> onClosed.accept(this));
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

    /** The container's write listener for this stream's output. */
    StreamWriter writer() {
        return writer;
    }

    public boolean isOpen() {
        return writer.isOpen();
    }

    /** A live event from the delivery thread. */
    void offer(Event e) {
        if (!live) {
            synchronized (this) {
                if (!live) {
                    heldDuringReplay.add(e);
                    if (heldDuringReplay.size() > queueLimit) {
                        if (nextReplayPage == null) {
                            writer.cut("too many events while replaying");
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
            writer.send(e.frame());
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
        writer.send(e.frame());
        return true;
    }

    /** A replayed or held event (before {@link #goLive}): queued behind the others. */
    private void queue(Event e) {
        lastQueuedId = e.id();
        if (filter.accepts(e.name())) {
            writer.enqueue(e.frame());
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
        page.forEach(this::queue);
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
        writer.flush();
    }

    /** Ends a replay early with a last replay frame (resync), then goes live. */
    void endReplay(byte[] frame) {
        writer.enqueue(frame);
        nextReplayPage = null;
        goLive();
    }

    /** Ends the replay: queues the live events that arrived meanwhile and are newer than the replay. */
    void goLive() {
        synchronized (this) {
            for (Event e : heldDuringReplay) {
                if (e.id() > lastQueuedId) {
                    queue(e);
                }
            }
            heldDuringReplay = null;
            live = true;
        }
        writer.flush();
    }

    /** The writer's queue has drained: asks for the next replay page, once per page. */
    @Override
    public void drained() {
        Runnable nextPage = nextReplayPage;
        if (nextPage != null && pageRequested.compareAndSet(false, true)) {
            nextPage.run();
        }
    }

    /** A replay page arrived and the next one has not been asked for yet. */
    @Override
    public boolean wantsMore() {
        return nextReplayPage != null && !pageRequested.get();
    }

    /** Writes a frame now or after those queued (see {@link StreamWriter#send}); any thread. */
    void send(byte[] frame) {
        writer.send(frame);
    }

    /** Queues a frame to go out before any event (the {@code ready} frame); false if the stream is closing. */
    boolean enqueue(byte[] frame) {
        return writer.enqueue(frame);
    }

    /** Sends a last frame, then ends the stream (token expired, server shutting down). */
    void closeAfter(byte[] lastFrame, String reason) {
        writer.closeAfter(lastFrame, reason);
    }

    /** Ends the stream now, dropping whatever is queued (slow consumer, write error, closed by the client). */
    void cut(String reason) {
        writer.cut(reason);
    }

    /** Why the stream ended, for logs and tests; null while open. */
    public String closeReason() {
        return writer.closeReason();
    }

    boolean tokenExpired(Instant now) {
        return user.tokenExpiresAt() != null && !now.isBefore(user.tokenExpiresAt());
    }
}
