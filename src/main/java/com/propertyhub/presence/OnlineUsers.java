package com.propertyhub.presence;

import java.util.Collection;
import java.util.UUID;

/**
 * The users the cluster has announced as online ({@code presence:joined} sent, {@code presence:left} not yet).
 * {@link #mark} and {@link #unmark} are atomic test-and-set operations: of several nodes deciding the same
 * transition at once, exactly one gets {@code true}, and only that one emits the event.
 */
public interface OnlineUsers {
    /** @return true when the user was not marked before (the caller announces them) */
    boolean mark(PresenceUser user);

    /** @return true when the user was marked before (the caller announces them gone) */
    boolean unmark(UUID userId);

    /** The announced user, or null. */
    PresenceUser find(UUID userId);

    Collection<PresenceUser> all();
}
