package com.propertyhub.presence;

import com.propertyhub.identity.Caller;
import com.propertyhub.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Comparator;
import java.util.List;

/** {@code GET /api/presence}: who is online; admins see everyone, customer-side users their customer's users. */
@Tag(name = "presence")
@Path("presence")
@Produces(MediaType.APPLICATION_JSON)
public final class PresenceResource {
    private final Presence presence;

    public PresenceResource(Presence presence) {
        this.presence = presence;
    }

    @GET
    @PermitAll
    @Operation(operationId = "listOnlineUsers", summary = "The online users the caller may see")
    public Page<PresenceUser> online(@Context SecurityContext context) {
        List<PresenceUser> users = presence.visibleTo(Caller.of(context)).stream()
                .sorted(Comparator.comparing((PresenceUser u) -> u.name() == null ? "" : u.name(),
                        String.CASE_INSENSITIVE_ORDER)
                        .thenComparing(u -> u.id().toString()))
                .toList();
        return new Page<>(users, users.size(), users.size(), 0);
    }
}
