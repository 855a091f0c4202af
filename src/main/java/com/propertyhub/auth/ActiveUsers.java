package com.propertyhub.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.propertyhub.identity.AuthUser;
import com.propertyhub.identity.Role;
import com.propertyhub.persistence.Transactions;
import com.propertyhub.realtime.CurrentUsers;
import com.propertyhub.user.User;
import com.propertyhub.user.UserView;
import com.propertyhub.web.ApiException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Keeps a still-valid token from outliving its user: a deleted or deactivated user, or one whose role or
 * customer changed, is refused within {@link #FRESHNESS} (the token must be renewed by logging in again); so
 * is a token of a session that ended (the user signed out or got a new password: their token version was
 * raised past the token's): at once on the node that ended them and on every node once it delivers the event
 * that says so (see {@link #sessionsEnded}), within {@link #FRESHNESS} at the latest.
 */
public final class ActiveUsers implements CurrentUsers {
    static final Duration FRESHNESS = Duration.ofSeconds(2);

    /**
     * The user as last read: one row, so {@code roleEpoch} always belongs to {@code role}, and rooms derived from it
     * belong to the role the token was checked against.
     */
    public record Current(boolean active, Role role, UUID customerId, int tokenVersion, UserView view, int roleEpoch)
            implements CurrentUser {
    }

    private static final Current GONE = new Current(false, null, null, 0, null, 0);

    private final LoadingCache<UUID, Current> users;
    /**
     * The lowest good token version of users whose sessions just ended, kept until every copy in {@link #users}
     * is younger than the change. Apart from {@link #users}, so recording one never waits for a database read.
     */
    private final Cache<UUID, Integer> endedSessions;

    public ActiveUsers(Transactions tx) {
        this.users = Caffeine.newBuilder().expireAfterWrite(FRESHNESS).maximumSize(100_000)
                .build(id -> tx.read(em -> {
                    User u = em.find(User.class, id);
                    return u == null ? GONE : new Current(u.isActive(), u.getRole(), u.getCustomerId(),
                            u.getTokenVersion(), UserView.of(u), u.getRoleEpoch());
                }));
        this.endedSessions = Caffeine.newBuilder().expireAfterWrite(FRESHNESS.multipliedBy(2)).maximumSize(100_000)
                .build();
    }

    /**
     * Throws 401 unless the token's user exists, is active and still has the token's role and customer;
     * returns the user as last read (at most {@link #FRESHNESS} old), so a burst of stream opens after a
     * restart costs one database read per user, not one per stream.
     */
    @Override
    public Current require(AuthUser caller) {
        Current now = users.get(caller.id());
        if (!now.active()) {
            throw ApiException.unauthorized("token_revoked", "This account no longer exists or is deactivated");
        }
        // Older only: a token issued after the sessions ended is good even where the copy here is a moment old.
        Integer ended = endedSessions.getIfPresent(caller.id());
        if (caller.tokenVersion() < Math.max(now.tokenVersion(), ended == null ? 0 : ended)) {
            throw ApiException.unauthorized("token_revoked",
                    "This session has ended (signed out or password changed); log in again");
        }
        if (now.role() != caller.role() || !Objects.equals(now.customerId(), caller.customerId())) {
            throw ApiException.unauthorized("token_outdated", "Your role changed; log in again");
        }
        return now;
    }

    /** The user's sessions ended (committed): tokens below {@code tokenVersion} are refused from now on. */
    public void sessionsEnded(UUID userId, int tokenVersion) {
        endedSessions.asMap().merge(userId, tokenVersion, Math::max);
    }
}
