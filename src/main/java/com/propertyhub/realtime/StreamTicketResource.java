package com.propertyhub.realtime;

import com.propertyhub.auth.AllowedWhileReadOnly;
import com.propertyhub.auth.Caller;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code POST /api/auth/stream-ticket}: a one-time ticket for {@code GET /api/events?ticket=...}, because a
 * browser's {@code EventSource} cannot send an Authorization header. Any authenticated user may ask, a
 * read-only customer's users too: the stream is a read.
 */
@AllowedWhileReadOnly
@Path("auth/stream-ticket")
@Produces(MediaType.APPLICATION_JSON)
public final class StreamTicketResource {
    private final TicketStore tickets;

    public StreamTicketResource(TicketStore tickets) {
        this.tickets = tickets;
    }

    @POST
    public TicketStore.Ticket issue(@Context SecurityContext security) {
        return tickets.issue(Caller.of(security));
    }
}
