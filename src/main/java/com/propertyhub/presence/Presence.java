package com.propertyhub.presence;

import com.propertyhub.identity.AuthUser;
import com.propertyhub.realtime.EventRecorder;
import com.propertyhub.realtime.StreamCounts;
import com.propertyhub.realtime.StreamListener;
import com.propertyhub.realtime.StreamQuota;
import com.propertyhub.threads.DaemonThreads;
import com.propertyhub.user.UserView;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is online: a user is online while they have at least one open stream on any node.
 *
 * <p><b>Counting.</b> A user's streams across the cluster are this node's count ({@link StreamCounts#streamsOf})
 * plus the other nodes' ({@link StreamQuota#elsewhere}, the per-user Redis hashes that the stream limit already
 * keeps, written synchronously on every open and close and refreshed every 2 s; a single node has no others).
 *
 * <p><b>Deciding.</b> A node re-checks a user's cluster-wide count right after one of the user's streams opens
 * here, and {@code grace} after one closes here. Every {@code grace} (at least 2 s) a sweep also announces this
 * node's users that are not announced yet (an emit that failed) and announces gone the users with no stream
 * anywhere in two sweeps in a row (their node died). A check compares the count with the shared set of announced
 * users ({@link OnlineUsers}):
 * count &gt; 0 and not announced: mark and emit {@code presence:joined}; count 0 and announced: unmark and emit
 * {@code presence:left}. Mark and unmark are atomic test-and-set (a map in memory, HSETNX/HDEL in Redis), so
 * when several nodes decide the same transition at once exactly one of them emits it.
 *
 * <p><b>Debouncing.</b> A tab reload closes a stream and opens another within a second or two. The close is
 * only acted upon {@code grace} later, by which time the new stream counts (on whichever node it landed), so
 * the user stays announced and nothing is emitted. Leaving is thus announced {@code grace} (up to two sweeps
 * for a node that died: its counts go stale after 6 s) after the last stream closed.
 *
 * <p><b>Delivery.</b> The events go through the {@link EventRecorder}, so they are in the event log: every node
 * delivers them, reconnecting clients get them replayed, and the activity feed shows them. Customer-side users are
 * announced to {@code customer:{id}} and to {@code admins}; staff only to {@code admins}.
 *
 * <p>Checks run on one thread per node. An emit that fails (database down) takes its mark back, so a later
 * check retries it; while Redis is down checks fail and are logged, and the sweeps catch up afterwards. A server
 * notices a closed client only when a write to it fails, so "the last stream closed" is when the next heartbeat
 * (or event) found it gone.
 */
public final class Presence implements StreamListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Presence.class);
    public static final String JOINED = "presence:joined";
    public static final String LEFT = "presence:left";

    private final StreamCounts rooms;
    private final StreamQuota quota;
    private final OnlineUsers online;
    private final EventRecorder emitter;
    private final Duration grace;
    private final ScheduledExecutorService worker;
    /** The users seen on this node, for their names (a stream knows only its token). */
    private final Map<UUID, PresenceUser> known = new ConcurrentHashMap<>();
    /** Announced users the previous sweep found with no stream anywhere (a node that died leaves such users). */
    private Set<UUID> idleLastSweep = Set.of();

    public Presence(StreamCounts rooms, StreamQuota quota, OnlineUsers online, EventRecorder emitter, Duration grace) {
        this.rooms = rooms;
        this.quota = quota;
        this.online = online;
        this.emitter = emitter;
        this.grace = grace;
        this.worker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("presence"));
    }

    /** Starts the sweeps; the wiring also makes it the streams' {@link StreamListener}. Until then nobody is online. */
    public void start() {
        long sweep = Math.max(2000, grace.toMillis());
        worker.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /** The online users the caller may see: everyone for admins, their own customer's users otherwise. */
    public Collection<PresenceUser> visibleTo(AuthUser caller) {
        return online.all().stream()
                .filter(u -> caller.isAdmin() || (u.customerId() != null && u.customerId().equals(caller.customerId())))
                .toList();
    }

    @Override
    public void opened(AuthUser principal, Object user) {
        String name = user instanceof UserView v ? v.name() : null;
        known.put(principal.id(), new PresenceUser(principal.id(), name, principal.role(), principal.customerId()));
        run(() -> check(principal.id()), 0);
    }

    @Override
    public void closed(AuthUser principal) {
        run(() -> check(principal.id()), grace.toMillis());
    }

    private void run(Runnable task, long delayMillis) {
        try {
            worker.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("Presence check failed: {}", e.toString());
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the node is stopping: the other nodes' sweeps announce its users gone
        }
    }

    /** Whether the user has a stream open on any node (asks Redis only when none is open here). */
    private boolean connectedAnywhere(UUID userId) {
        return rooms.streamsOf(userId) > 0 || quota.elsewhere(userId) > 0;
    }

    private void check(UUID userId) {
        if (connectedAnywhere(userId)) {
            PresenceUser user = known.get(userId);
            if (user != null && online.mark(user)) {
                announce(JOINED, user, () -> online.unmark(userId));
            }
        } else {
            leave(userId);
        }
    }

    private void leave(UUID userId) {
        PresenceUser user = online.find(userId);
        if (user != null && online.unmark(userId)) {
            announce(LEFT, user, () -> online.mark(user));
        }
        forgetIfGone(userId);
    }

    /** Inside the map's lock for the user: {@link #opened} counts the stream before it stores the user. */
    private void forgetIfGone(UUID userId) {
        known.computeIfPresent(userId, (id, user) -> rooms.streamsOf(id) == 0 ? null : user);
    }

    private void announce(String event, PresenceUser user, Runnable undo) {
        Map<String, Object> data = Map.of("user", user);
        try {
            if (user.customerId() != null) {
                emitter.emitToCustomer(user.customerId(), event, data);
            }
            emitter.emitToAdmins(event, data);
        } catch (RuntimeException e) {
            undo.run();
            throw e;
        }
    }

    /** Announces users with streams here that are not announced, and users with no stream anywhere for two sweeps. */
    private void sweep() {
        try {
            Set<UUID> announced = new HashSet<>();
            online.all().forEach(u -> announced.add(u.id()));
            for (UUID userId : rooms.streamsPerUser().keySet()) {
                if (!announced.contains(userId)) {
                    check(userId);
                }
            }
            Set<UUID> idle = new HashSet<>();
            for (UUID userId : announced) {
                if (!connectedAnywhere(userId)) {
                    idle.add(userId);
                }
            }
            known.keySet().forEach(this::forgetIfGone);
            for (UUID userId : idle) {
                if (idleLastSweep.contains(userId)) {
                    leave(userId);
                }
            }
            idleLastSweep = idle;
        } catch (RuntimeException e) {
            log.warn("Presence sweep failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        DaemonThreads.stop(worker);
    }
}
