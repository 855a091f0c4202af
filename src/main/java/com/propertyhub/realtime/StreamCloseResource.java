package com.propertyhub.realtime;

import com.propertyhub.auth.Caller;
import com.propertyhub.web.Ids;
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
 */
@Path("events/{connectionId}")
public final class StreamCloseResource {
    private final RealtimeHub hub;

    public StreamCloseResource(RealtimeHub hub) {
        this.hub = hub;
    }

    @DELETE
    public Response close(@PathParam("connectionId") String connectionId, @Context SecurityContext security) {
        String id = Ids.parse(connectionId, "stream").toString();
        hub.closeStream(Caller.of(security).id(), id);
        return Response.noContent().build();
    }
}
