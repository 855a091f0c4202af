package com.propertyhub.realtime;

import com.propertyhub.identity.AllowedWhileReadOnly;
import com.propertyhub.identity.AuthUser;
import com.propertyhub.identity.Caller;
import com.propertyhub.web.KeyedRateLimiter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code POST /api/auth/stream-ticket}: a one-time ticket for {@code GET /api/events?ticket=...}, because a
 * browser's {@code EventSource} cannot send an Authorization header. Any authenticated user may ask, a
 * read-only customer's users too (the stream is a read), at a limited rate (each ticket is state kept until it
 * is used or expires, cluster-wide in Redis).
 */
@AllowedWhileReadOnly
@Tag(name = "events")
@Path("auth/stream-ticket")
@Produces(MediaType.APPLICATION_JSON)
public final class StreamTicketResource {
    private final TicketStore tickets;
    private final KeyedRateLimiter ticketsPerUser;

    public StreamTicketResource(TicketStore tickets, KeyedRateLimiter ticketsPerUser) {
        this.tickets = tickets;
        this.ticketsPerUser = ticketsPerUser;
    }

    @POST
    @Operation(operationId = "issueStreamTicket",
            summary = "A one-time ticket for opening the event stream from a browser")
    public TicketStore.Ticket issue(@Context SecurityContext security) {
        AuthUser caller = Caller.of(security);
        ticketsPerUser.acquire(caller.id().toString());
        return tickets.issue(caller);
    }
}
