package com.propertyhub.realtime;

import com.propertyhub.identity.AllowedWhileReadOnly;
import com.propertyhub.identity.AuthUser;
import com.propertyhub.identity.Caller;
import com.propertyhub.web.Ids;
import com.propertyhub.web.KeyedRateLimiter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code DELETE /api/events/{connectionId}}: the caller is done with one of its own streams (the {@code
 * connectionId} of its {@code ready} event), typically a browser tab being closed. The stream ends at once on
 * whichever node holds it, instead of when a later write to the vanished client fails. Always 204 for a
 * well-formed id: only the caller's own streams can be ended, and whether one was open is not revealed.
 * Limited per user: in a cluster each close is a message to every node.
 */
@AllowedWhileReadOnly
@Tag(name = "events")
@Path("events/{connectionId}")
public final class StreamCloseResource {
    private final RealtimeHub hub;
    private final CurrentUsers currentUsers;
    private final KeyedRateLimiter closesPerUser;

    public StreamCloseResource(RealtimeHub hub, CurrentUsers currentUsers, KeyedRateLimiter closesPerUser) {
        this.hub = hub;
        this.currentUsers = currentUsers;
        this.closesPerUser = closesPerUser;
    }

    @DELETE
    @Operation(operationId = "closeEventStream",
            summary = "End one of the caller's own event streams (204 for any well-formed id)",
            responses = @ApiResponse(responseCode = "204", description = "Done"))
    public Response close(@PathParam("connectionId") String connectionId, @Context SecurityContext security) {
        AuthUser caller = Caller.of(security);
        closesPerUser.acquire(caller.id().toString());
        String id = Ids.parse(connectionId, "stream").toString();
        hub.closeStream(caller.id(), currentUsers.require(caller).roleEpoch(), id);
        return Response.noContent().build();
    }
}
