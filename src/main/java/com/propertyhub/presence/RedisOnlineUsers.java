package com.propertyhub.presence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.realtime.redis.RedisClients;
import com.propertyhub.web.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The cluster's online users in one Redis hash (field: user id, value: the user as JSON). HSETNX and HDEL
 * answer whether they changed the field, which makes {@link #mark}/{@link #unmark} the per-transition lock:
 * only the node that wins announces the transition.
 */
public final class RedisOnlineUsers implements OnlineUsers {
    private final RedisClients redis;
    private final ObjectMapper json;

    public RedisOnlineUsers(RedisClients redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    @Override
    public boolean mark(PresenceUser user) {
        return redis.commands().hsetnx(key(), user.id().toString(), Json.write(json, user)) == 1;
    }

    @Override
    public boolean unmark(UUID userId) {
        return redis.commands().hdel(key(), userId.toString()) == 1;
    }

    @Override
    public PresenceUser find(UUID userId) {
        String value = redis.commands().hget(key(), userId.toString());
        return value == null ? null : parse(value);
    }

    @Override
    public Collection<PresenceUser> all() {
        List<PresenceUser> users = new ArrayList<>();
        for (String value : redis.commands().hvals(key())) {
            PresenceUser user = parse(value);
            if (user != null) {
                users.add(user);
            }
        }
        return users;
    }

    private PresenceUser parse(String value) {
        try {
            return json.readValue(value, PresenceUser.class);
        } catch (JsonProcessingException e) {
            return null; // written by another version: ignore the entry
        }
    }

    private String key() {
        return redis.key("presence:online");
    }
}
