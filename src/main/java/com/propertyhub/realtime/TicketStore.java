package com.propertyhub.realtime;

import com.propertyhub.identity.AuthUser;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * Where one-time stream tickets live: in this node's memory ({@link LocalTicketStore}) or, in a cluster, in
 * Redis, so a ticket issued by one node opens a stream on any other.
 */
public interface TicketStore {

    @Schema(name = "StreamTicket")
    record Ticket(String ticket, Instant expiresAt) {
    }

    Ticket issue(AuthUser user);

    /** The ticket's user, or {@code null} if it is unknown, used or expired. Using it ends it. */
    AuthUser redeem(String ticket);
}
