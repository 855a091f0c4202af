package com.propertyhub.realtime;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The streams open on this node, by room. It knows nothing of the network, the database or Redis: it only
 * hands each event to the streams of the event's room.
 */
public final class RoomRegistry {
    private final Map<String, Set<SseConnection>> rooms = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> perUser = new ConcurrentHashMap<>();
    private final Set<SseConnection> all = ConcurrentHashMap.newKeySet();
    private final int maxStreamsPerUser;

    public RoomRegistry(int maxStreamsPerUser) {
        this.maxStreamsPerUser = maxStreamsPerUser;
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

    /** Hands {@code event} to every stream in its room (on the single delivery thread); returns how many. */
    public int deliver(Event event) {
        Set<SseConnection> members = rooms.get(event.room());
        if (members == null) {
            return 0;
        }
        int n = 0;
        for (SseConnection c : members) {
            c.offer(event);
            n++;
        }
        return n;
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

    /** Open streams in one room. */
    public int roomSize(String room) {
        Set<SseConnection> members = rooms.get(room);
        return members == null ? 0 : members.size();
    }

    /** Streams the user has open on this node. */
    public int streamsOf(UUID userId) {
        AtomicInteger n = perUser.get(userId);
        return n == null ? 0 : n.get();
    }

    /** Users with streams open on this node, with their counts. */
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
