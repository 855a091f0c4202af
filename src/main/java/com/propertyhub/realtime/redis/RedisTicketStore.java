package com.propertyhub.realtime.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.identity.AuthUser;
import com.propertyhub.identity.Role;
import com.propertyhub.realtime.LocalTicketStore;
import com.propertyhub.realtime.TicketStore;
import com.propertyhub.web.ApiException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import redis.clients.jedis.params.SetParams;

/** Stream tickets in Redis, so any node redeems them; GETDEL makes each one work exactly once. */
public final class RedisTicketStore implements TicketStore {

    private final RedisClients redis;
    private final Duration ttl;
    private final ObjectMapper json;

    public RedisTicketStore(RedisClients redis, Duration ttl, ObjectMapper json) {
        this.redis = redis;
        this.ttl = ttl;
        this.json = json;
    }

    private record Stored(UUID id, Role role, UUID customerId, Instant tokenExpiresAt, int tokenVersion) {
    }

    @Override
    public Ticket issue(AuthUser user) {
        String ticket = LocalTicketStore.newTicket();
        Instant expiresAt = Instant.now().plus(ttl);
        try {
            String value = json.writeValueAsString(new Stored(user.id(), user.role(), user.customerId(),
                    user.tokenExpiresAt(), user.tokenVersion()));
            redis.commands().set(redis.key("ticket:" + ticket), value, SetParams.setParams().px(ttl.toMillis()));
        } catch (IOException | RuntimeException e) {
            throw ApiException.unavailable("redis_unavailable", "Stream tickets are unavailable; try again shortly");
        }
        return new Ticket(ticket, expiresAt);
    }

    @Override
    public AuthUser redeem(String ticket) {
        if (ticket == null || ticket.length() > 100) {
            return null;
        }
        String value;
        try {
            value = redis.commands().getDel(redis.key("ticket:" + ticket));
        } catch (RuntimeException e) {
            throw ApiException.unavailable("redis_unavailable", "Stream tickets are unavailable; try again shortly");
        }
        if (value == null) {
            return null;
        }
        try {
            Stored s = json.readValue(value, Stored.class);
            return new AuthUser(s.id(), s.role(), s.customerId(), s.tokenExpiresAt(), s.tokenVersion());
        } catch (IOException e) {
            return null;
        }
    }
}
