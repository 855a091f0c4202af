package com.propertyhub.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.identity.AuthUser;
import com.propertyhub.threads.DaemonThreads;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.Json;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's streams: it opens them for {@link EventStreamServlet} (rooms, {@code ready}, replay, live), ends
 * them, and runs the timers (heartbeat, token expiry, catch-up, retention). The room registry, the sequencer and
 * the bus are made by the wiring and handed in.
 */
public final class RealtimeHub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RealtimeHub.class);
    static final byte[] AUTH_EXPIRED = SseFrames.event(null, "auth:expired", "{\"reason\":\"token expired\"}");
    /** A {@code Last-Event-ID} that is no event id at all: treated like a position the log never had. */
    public static final long UNKNOWN_POSITION = -1;
    /** Events read from the log per replay page, at most; a page is queued only once the previous one is written. */
    private static final int REPLAY_PAGE = 500;
    /** Replay reads in parallel: below the smallest database pool a node is given (DATABASE_POOL_SIZE, 8 in tests). */
    private static final int REPLAY_THREADS = 4;

    private final RealtimeSettings settings;
    private final EventLog eventLog;
    private final ObjectMapper json;
    private final RoomRegistry rooms;
    private final EventSequencer sequencer;
    private final TicketStore tickets;
    private final StreamQuota quota;
    private final EventBus bus;
    private final RealtimeMetrics metrics;
    private final ScheduledExecutorService timers;
    /** Reads replay pages for streams that are catching up (database work, kept off the delivery thread). */
    private final ExecutorService replayer;
    private final int replayPageSize;
    private final long retryMillis;
    /**
     * Why this node refuses or ends streams while it stops. Its last frame is an event, not a comment: Jersey's
     * client hands an unfinished frame (a comment) over as an empty event when the stream ends after it.
     */
    private final ApiException shuttingDown;
    private final byte[] shutdownFrame;
    /** Ends a stream whose replay could not read the log (the database away): the client retries later. */
    private final byte[] logUnavailableFrame;
    private volatile StreamListener listener = StreamListener.NONE;
    /** Set once the node starts stopping; see {@link #endAllStreams()}. */
    private volatile boolean ending;

    /**
     * @param sequencer delivers the events to {@code rooms} (caught up on a timer here, its position in the stats)
     * @param bus       carries transient signals to this node's streams and the other nodes'
     */
    public RealtimeHub(RealtimeSettings settings, EventLog eventLog, RoomRegistry rooms, EventSequencer sequencer,
                       RealtimeMetrics metrics, TicketStore tickets, StreamQuota quota, EventBus bus,
                       ObjectMapper json) {
        this.settings = settings;
        this.eventLog = eventLog;
        this.json = json;
        this.rooms = rooms;
        this.metrics = metrics;
        this.sequencer = sequencer;
        this.tickets = tickets;
        this.quota = quota;
        this.bus = bus;
        this.retryMillis = settings.retry().toMillis();
        this.shuttingDown = new ApiException(503, "shutting_down", "This node is shutting down; reconnect shortly",
                List.of(), settings.retry());
        this.shutdownFrame = Unavailable.frame(shuttingDown, json);
        this.logUnavailableFrame = Unavailable.frame(new ApiException(503, "service_unavailable",
                "The event log cannot be read just now; reconnect shortly", List.of(), settings.retry()), json);
        this.timers = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("realtime-timers"));
        this.replayPageSize = Math.max(1, Math.min(REPLAY_PAGE, settings.queueLimit() / 2));
        // Every replay read runs here: a few at a time, so that a crowd resuming at once (a dead node's clients)
        // neither takes every database connection nor waits for one past the pool's timeout.
        this.replayer = Executors.newFixedThreadPool(REPLAY_THREADS, DaemonThreads.numbered("replay"));
    }

    public void start() {
        every(settings.heartbeat(), this::heartbeat);
        every(Duration.ofSeconds(1), this::expireTokens);
        every(settings.catchUpEvery(), sequencer::catchUp);
        every(settings.cleanupEvery(), this::applyRetention);
    }

    public TicketStore tickets() {
        return tickets;
    }

    /** Sets who is told about streams opening and closing here (presence). */
    public void listen(StreamListener listener) {
        this.listener = listener;
    }

    public String nodeId() {
        return settings.nodeId();
    }

    /**
     * Opens a stream on an async request: joins the user's rooms, sends {@code ready}, replays what the client
     * missed after {@code lastEventId} (or {@code resync} when the log no longer has it, never had it, or the id
     * is {@link #UNKNOWN_POSITION}), then goes live.
     *
     * @param roleEpoch the user's current role epoch (see {@link Rooms#user}): the stream joins, and replays, only
     *                  that epoch's private room
     * @param user     the caller's public fields, sent in {@code ready}
     * @throws ApiException 429 when the user already has the maximum number of streams open, 503 when the node
     *                      is stopping: refusals that pass, answered before the response becomes a stream
     */
    public SseConnection open(AuthUser principal, int roleEpoch, Object user, EventFilter filter, Long lastEventId,
                              AsyncContext async, ServletOutputStream out) {
        if (ending) {
            throw shuttingDown;
        }
        List<String> joined = Rooms.of(principal, roleEpoch);
        SseConnection c = new SseConnection(UUID.randomUUID().toString(), principal, joined, filter,
                settings.queueLimit(), async, FrameOutput.of(async, out), this::closed);
        if (!rooms.add(c, quota.elsewhere(principal.id()))) {
            probeStreamsOf(principal.id());
            throw ApiException.tooManyRequests("At most " + settings.maxStreamsPerUser()
                    + " event streams may be open per user", Duration.ofSeconds(1));
        }
        quota.changed(principal.id(), rooms.streamsOf(principal.id()));
        listener.opened(principal, user);
        try {
            // retry: rides in ready, the first real event: on a frame of its own, some parsers see an empty event.
            c.enqueue(SseFrames.event(null, "ready", Json.write(json, readyPayload(c, user)), retryMillis));
            out.setWriteListener(c.writer());
            if (lastEventId != null) {
                replay(c, lastEventId, joined);
            } else {
                c.goLive();
            }
        } catch (RuntimeException e) {
            // Registered but not live (say the log could not be read): end it, so it neither lingers nor counts.
            c.cut("open failed");
            throw new OpenFailed(e);
        }
        if (ending) {
            // Opened while endAllStreams() was running: end it too, or the graceful stop waits for it.
            c.closeAfter(shutdownFrame, "server shutting down");
        }
        return c;
    }

    /**
     * Sends a transient signal (see {@link TransientEvent}) to {@code room} on every node: not logged, not
     * replayed, no id. The durable path ({@code UnitOfWork.emit}, the event log) is not involved at all.
     */
    public void sendTransient(String room, String name, String data) {
        bus.publishTransient(new TransientEvent(room, name, data));
    }

    /**
     * Ends the user's stream {@code connectionId} on whichever node holds it: a browser tab that is being closed
     * says so, and the stream (its slot in the user's stream limit, the user's presence) ends at once instead of
     * at the next write that fails. Sent like a transient signal to the user's own room (of their current role
     * epoch), so in a cluster it reaches the node that holds the stream; a stream of another user is never in
     * that room.
     */
    public void closeStream(UUID userId, int roleEpoch, String connectionId) {
        sendTransient(Rooms.user(userId, roleEpoch), RoomDelivery.CLOSE_STREAM, connectionId);
    }

    /**
     * A server notices a vanished client only when writing to it fails, usually on the second write after the
     * peer went away. A user at the stream limit is often a browser that just reloaded its tabs, so their
     * streams are pinged twice now: the dead ones end within a moment and the client's retry gets through.
     */
    private void probeStreamsOf(UUID userId) {
        Runnable ping = () -> {
            for (SseConnection c : rooms.connections()) {
                if (c.user().id().equals(userId)) {
                    c.send(SseFrames.PING);
                }
            }
        };
        try {
            timers.execute(ping);
            timers.schedule(ping, 200, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the node is stopping; nothing to probe
        }
    }

    private void closed(SseConnection c) {
        rooms.remove(c);
        metrics.closed(c.closeReason());
        quota.changed(c.user().id(), rooms.streamsOf(c.user().id()));
        listener.closed(c.user());
    }

    /** Opening failed after the response became a stream; the stream is already ended. */
    public static final class OpenFailed extends RuntimeException {
        OpenFailed(RuntimeException cause) {
            super(cause.toString(), cause);
        }
    }

    private Map<String, Object> readyPayload(SseConnection c, Object user) {
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("connectionId", c.id());
        ready.put("rooms", c.rooms().stream().filter(r -> !Rooms.EVERYONE.equals(r)).toList());
        ready.put("user", user);
        ready.put("node", settings.nodeId());
        return ready;
    }

    /**
     * Replays what the client missed after {@code after}, page by page as it reads (see
     * {@link SseConnection#replayFromLog}), then the stream goes live; {@code resync} instead when the log no
     * longer has that position or never had it. Every read, the first one too, is made on the replay threads,
     * never on the request or the delivery thread: when many clients resume at once (a node's clients after it
     * died), their replays wait their turn there, instead of each request thread waiting for a database
     * connection until the pool's timeout fails the open. Live events are held meanwhile (see
     * {@link SseConnection#offer}). A log that cannot be read ends the stream with {@code unavailable}: the client
     * comes back after {@code retry:}.
     */
    private void replay(SseConnection c, long after, List<String> joined) {
        Runnable readNextPage = () -> replayer.execute(() -> {
            try {
                replayPage(c, joined);
            } catch (RuntimeException e) {
                log.debug("replay of stream {} failed: {}", c.id(), e.toString());
                c.cut("replay failed");
            }
        });
        c.replayFromLog(readNextPage);
        replayer.execute(() -> {
            try {
                startReplay(c, after, joined);
            } catch (RuntimeException e) {
                log.warn("replay of stream {} could not start: {}", c.id(), e.toString());
                c.closeAfter(logUnavailableFrame, "replay failed");
            }
        });
    }

    private void startReplay(SseConnection c, long after, List<String> joined) {
        if (!c.isOpen()) {
            return;
        }
        long last = eventLog.lastId();
        if (after == UNKNOWN_POSITION || after > last) {
            resync(c, last, "unknown position");
            return;
        }
        if (after < eventLog.prunedThrough()) {
            resync(c, last, "position no longer retained");
            return;
        }
        // Live events up to the client's position are not sent again (this node may deliver them late).
        c.resumeAfter(after);
        replayPage(c, joined);
    }

    private void replayPage(SseConnection c, List<String> joined) {
        if (!c.isOpen()) {
            return;
        }
        long cursor = c.replayedThrough();
        List<Event> page = eventLog.readAfter(cursor, joined, replayPageSize);
        // Checked after reading: retention may have removed part of the range meanwhile.
        if (cursor < eventLog.prunedThrough()) {
            resync(c, eventLog.lastId(), "position no longer retained");
            return;
        }
        metrics.replayed(page.size());
        c.replayPage(page, page.size() < replayPageSize);
    }

    /**
     * Ends the replay with {@code resync}: the client reloads what it shows. It carries the position the stream
     * goes live from as its id, so the client's next reconnect resumes there instead of sending the id the
     * server could not use again; events up to that position are in what the client reloads, so the stream
     * skips them.
     */
    private void resync(SseConnection c, long lastLogged, String reason) {
        metrics.resync();
        long position = Math.max(lastLogged, c.replayedThrough());
        c.resumeAfter(position);
        c.endReplay(SseFrames.event(Long.toString(position), "resync", Json.write(json, Map.of("reason", reason))));
    }

    /** Node-local figures; the cluster-wide view adds the other nodes'. */
    public Map<String, Object> localStats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("id", settings.nodeId());
        stats.put("connections", rooms.size());
        stats.put("rooms", rooms.roomCounts());
        stats.put("lastEventId", sequencer.lastDelivered());
        return stats;
    }

    private void heartbeat() {
        for (SseConnection c : rooms.connections()) {
            c.send(SseFrames.PING);
        }
    }

    private void expireTokens() {
        Instant now = Instant.now();
        for (SseConnection c : rooms.connections()) {
            if (c.tokenExpired(now)) {
                c.closeAfter(AUTH_EXPIRED, "token expired");
            }
        }
    }

    private void applyRetention() {
        int removed = eventLog.prune(Instant.now().minus(settings.retention()), settings.retentionCount());
        if (removed > 0) {
            log.info("Event log retention removed {} events", removed);
        }
    }

    private void every(Duration period, Runnable task) {
        long millis = Math.max(10, period.toMillis());
        timers.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("Realtime timer task failed: {}", e.toString());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Ends every open stream with a final frame, so browsers reconnect (later, or to another node). Called when
     * the server starts stopping, before it waits for requests to finish, and again on close.
     */
    public void endAllStreams() {
        // From now on no stream opens here: a browser reconnecting at once (over a kept-alive connection, which
        // a graceful stop still serves) would otherwise hold the stop until its timeout.
        ending = true;
        for (SseConnection c : List.copyOf(rooms.connections())) {
            c.closeAfter(shutdownFrame, "server shutting down");
        }
    }

    /** Stops the timers and replays and ends every stream; the registry and the sequencer are the wiring's to close. */
    @Override
    public void close() {
        DaemonThreads.stop(timers);
        DaemonThreads.stop(replayer);
        endAllStreams();
    }
}
