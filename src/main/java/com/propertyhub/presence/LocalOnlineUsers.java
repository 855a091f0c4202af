package com.propertyhub.presence;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** A single node: the announced users live in this node's memory. */
public final class LocalOnlineUsers implements OnlineUsers {
    private final Map<UUID, PresenceUser> online = new ConcurrentHashMap<>();

    @Override
    public boolean mark(PresenceUser user) {
        return online.putIfAbsent(user.id(), user) == null;
    }

    @Override
    public boolean unmark(UUID userId) {
        return online.remove(userId) != null;
    }

    @Override
    public PresenceUser find(UUID userId) {
        return online.get(userId);
    }

    @Override
    public Collection<PresenceUser> all() {
        return online.values();
    }
}
