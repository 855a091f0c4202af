package com.propertyhub.realtime;

import com.propertyhub.threads.DaemonThreads;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The streams open on this node, by room. It knows nothing of the network, the database or Redis: it only
 * hands each event to the streams of the event's room.
 */
public final class RoomRegistry implements StreamCounts, AutoCloseable {
    /** Rooms at least this large are written by all fan-out threads together; smaller ones by the caller alone. */
    static final int PARALLEL_FROM = 2_000;

    private final Map<String, Set<SseConnection>> rooms = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> perUser = new ConcurrentHashMap<>();
    private final Set<SseConnection> all = ConcurrentHashMap.newKeySet();
    private final int maxStreamsPerUser;
    /** Share 0 of a large room is the caller's; share i (from 1) is {@code helpers[i - 1]}'s. */
    private final ExecutorService[] helpers;
    private final AtomicInteger nextShare = new AtomicInteger();

    /**
     * @param fanoutThreads threads that write one event to a large room's streams together, the delivery thread
     *                      included; each stream always belongs to the same one, so its frames keep their order
     */
    public RoomRegistry(int maxStreamsPerUser, int fanoutThreads) {
        this.maxStreamsPerUser = maxStreamsPerUser;
        this.helpers = new ExecutorService[Math.max(0, fanoutThreads - 1)];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = Executors.newSingleThreadExecutor(DaemonThreads.named("event-delivery-" + (i + 1)));
        }
    }

    /**
     * Adds the stream to its rooms; false (and nothing added) when its user already has the maximum open,
     * counting {@code elsewhere} streams the user has open on other nodes.
     */
    public boolean add(SseConnection c, int elsewhere) {
        // Check and count inside compute(), atomically with remove()'s computeIfPresent() on the same user: counting
        // on a counter fetched beforehand could count on one that remove() had just dropped from the map.
        boolean[] admitted = new boolean[1];
        perUser.compute(c.user().id(), (k, count) -> {
            int open = count == null ? 0 : count.get();
            if (open + 1 + elsewhere > maxStreamsPerUser) {
                return count;
            }
            admitted[0] = true;
            AtomicInteger n = count == null ? new AtomicInteger() : count;
            n.incrementAndGet();
            return n;
        });
        if (!admitted[0]) {
            return false;
        }
        c.share(Math.floorMod(nextShare.getAndIncrement(), helpers.length + 1));
        all.add(c);
        for (String room : c.rooms()) {
            // Joined inside compute() for the same reason: a set fetched beforehand may be the one that remove()
            // of the room's last member drops, and a stream added to it would never receive the room's events.
            rooms.compute(room, (k, members) -> {
                Set<SseConnection> joined = members == null ? ConcurrentHashMap.newKeySet() : members;
                joined.add(c);
                return joined;
            });
        }
        return true;
    }

    public void remove(SseConnection c) {
        if (!all.remove(c)) {
            return;
        }
        for (String room : c.rooms()) {
            rooms.computeIfPresent(room, (k, set) -> {
                set.remove(c);
                return set.isEmpty() ? null : set;
            });
        }
        perUser.computeIfPresent(c.user().id(), (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    /**
     * Hands {@code event} to every stream in its room (on the delivery thread); returns how many. A large room
     * is split by the streams' shares: the fan-out threads write their shares while this thread writes share 0,
     * and it returns when all are done, so the next event starts only then and every stream's order holds.
     */
    public int deliver(Event event) {
        Set<SseConnection> members = rooms.get(event.room());
        if (members == null) {
            return 0;
        }
        if (helpers.length == 0 || members.size() < PARALLEL_FROM) {
            return deliverShare(members, event, -1);
        }
        List<Future<Integer>> others = new ArrayList<>(helpers.length);
        for (int i = 0; i < helpers.length; i++) {
            int share = i + 1;
            others.add(helpers[i].submit(() -> deliverShare(members, event, share)));
        }
        int n = deliverShare(members, event, 0);
        for (Future<Integer> other : others) {
            n += awaitShare(other);
        }
        return n;
    }

    /** Offers the event to the members of one share ({@code -1}: all of them). */
    private static int deliverShare(Set<SseConnection> members, Event event, int share) {
        int n = 0;
        for (SseConnection c : members) {
            if (share < 0 || c.share() == share) {
                c.offer(event);
                n++;
            }
        }
        return n;
    }

    private static int awaitShare(Future<Integer> share) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return share.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the share must finish before the next event starts
                } catch (ExecutionException e) {
                    throw new IllegalStateException("fan-out failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        for (ExecutorService helper : helpers) {
            DaemonThreads.stop(helper);
        }
    }

    /** Hands a transient signal to the live streams in its room (any thread); returns how many. */
    public int deliverTransient(TransientEvent event) {
        Set<SseConnection> members = rooms.get(event.room());
        if (members == null) {
            return 0;
        }
        int n = 0;
        for (SseConnection c : members) {
            if (c.offerTransient(event)) {
                n++;
            }
        }
        return n;
    }

    /** The stream {@code connectionId} if it is open here in {@code room}, else null. */
    public SseConnection find(String room, String connectionId) {
        Set<SseConnection> members = rooms.get(room);
        if (members != null) {
            for (SseConnection c : members) {
                if (c.id().equals(connectionId)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Open streams in one room. */
    public int roomSize(String room) {
        Set<SseConnection> members = rooms.get(room);
        return members == null ? 0 : members.size();
    }

    @Override
    public int streamsOf(UUID userId) {
        AtomicInteger n = perUser.get(userId);
        return n == null ? 0 : n.get();
    }

    @Override
    public Map<UUID, Integer> streamsPerUser() {
        Map<UUID, Integer> counts = new java.util.HashMap<>();
        perUser.forEach((user, n) -> counts.put(user, n.get()));
        return counts;
    }

    public Collection<SseConnection> connections() {
        return all;
    }

    public int size() {
        return all.size();
    }

    /** Open streams per room, leaving out the implicit everyone-room. */
    public Map<String, Integer> roomCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        rooms.forEach((room, members) -> {
            if (!Rooms.EVERYONE.equals(room) && !members.isEmpty()) {
                counts.put(room, members.size());
            }
        });
        return counts;
    }
}
