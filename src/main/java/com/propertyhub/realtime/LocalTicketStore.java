package com.propertyhub.realtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.propertyhub.identity.AuthUser;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * One-time, short-lived tickets for opening an {@code EventSource}, which cannot send an Authorization
 * header, kept in this node's memory. A ticket is 256 random bits, works once, and only until it expires.
 */
public final class LocalTicketStore implements TicketStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Duration ttl;
    private final Cache<String, Entry> tickets;

    private record Entry(AuthUser user, Instant expiresAt) {
    }

    public LocalTicketStore(Duration ttl) {
        this.ttl = ttl;
        this.tickets = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(1_000_000).build();
    }

    @Override
    public Ticket issue(AuthUser user) {
        String ticket = newTicket();
        Instant expiresAt = Instant.now().plus(ttl);
        tickets.put(ticket, new Entry(user, expiresAt));
        return new Ticket(ticket, expiresAt);
    }

    @Override
    public AuthUser redeem(String ticket) {
        if (ticket == null) {
            return null;
        }
        Entry entry = tickets.asMap().remove(ticket);
        return entry == null || !Instant.now().isBefore(entry.expiresAt()) ? null : entry.user();
    }

    /** 256 random bits, URL-safe. */
    public static String newTicket() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
