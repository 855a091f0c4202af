package com.propertyhub.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.propertyhub.identity.Caller;
import com.propertyhub.identity.Role;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.Created;
import com.propertyhub.web.Json;
import com.propertyhub.web.KeyedRateLimiter;
import com.propertyhub.web.RequestValidator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code /api/realtime}: realtime administration (cluster-wide stats, emitting to a room, reading the log). */
@Tag(name = "realtime")
@Path("realtime")
@Produces(MediaType.APPLICATION_JSON)
public final class RealtimeResource {
    private final NodeDirectory nodes;
    private final EventRecorder emitter;
    private final EventLog eventLog;
    private final RequestValidator validator;
    private final ObjectMapper json;
    private final KeyedRateLimiter emitsPerUser;

    public RealtimeResource(NodeDirectory nodes, EventRecorder emitter, EventLog eventLog,
                            RequestValidator validator, ObjectMapper json, KeyedRateLimiter emitsPerUser) {
        this.nodes = nodes;
        this.emitter = emitter;
        this.eventLog = eventLog;
        this.validator = validator;
        this.json = json;
        this.emitsPerUser = emitsPerUser;
    }

    @GET
    @Path("stats")
    @RolesAllowed(Role.Names.ADMINS)
    @Operation(operationId = "realtimeStats", summary = "Streams per node and room, across the cluster")
    public Map<String, Object> stats() {
        List<Map<String, Object>> all = nodes.nodes();
        long connections = 0;
        Map<String, Long> rooms = new TreeMap<>();
        for (Map<String, Object> node : all) {
            connections += ((Number) node.get("connections")).longValue();
            @SuppressWarnings("unchecked")
            Map<String, Number> nodeRooms = (Map<String, Number>) node.get("rooms");
            nodeRooms.forEach((room, n) -> rooms.merge(room, n.longValue(), Long::sum));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("nodes", all);
        answer.put("connections", connections);
        answer.put("rooms", rooms);
        return answer;
    }

    @POST
    @Path("emit")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.Names.SUPER_ADMIN)
    @Operation(operationId = "emitEvent", summary = "Emit an event to a room (names outside the reserved namespaces)",
            responses = @ApiResponse(responseCode = "201", description = "Created (Location names it)",
                    content = @Content(schema = @Schema(implementation = LoggedEvent.class))))
    public Response emit(EmitRequest body, @Context UriInfo uri, @Context SecurityContext security) {
        // Every emit is a row in the event log and a frame to every stream of a room: a flood is refused (429).
        emitsPerUser.acquire(Caller.of(security).getName());
        validator.validate(body, "room", "event");
        if (EventNames.isReserved(body.event())) {
            throw ApiException.validation("event", "is reserved for the server's own events; use a namespace of"
                    + " your own, such as ops:notice");
        }
        String data = Json.write(json, body.data() == null ? NullNode.getInstance() : body.data());
        if (!PendingEvent.fits(data)) {
            throw ApiException.validation("data", "must be at most " + PendingEvent.MAX_DATA_BYTES / 1024
                    + " KiB as JSON");
        }
        Event stored = emitter.emitJson(body.room(), body.event(), data);
        return Created.at(uri.getBaseUriBuilder().path("realtime/events"), stored.id(), LoggedEvent.of(stored, json));
    }

    /** One entry of the event log, as stored. */
    @GET
    @Path("events/{id}")
    @RolesAllowed(Role.Names.SUPER_ADMIN)
    @Operation(operationId = "getLoggedEvent", summary = "One entry of the event log")
    public LoggedEvent event(@PathParam("id") String id) {
        long eventId;
        try {
            eventId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("event", "'" + id.replaceAll("[^0-9A-Za-z]", "?") + "'");
        }
        List<Event> found = eventLog.readRange(eventId, eventId);
        if (found.isEmpty()) {
            throw ApiException.notFound("event", eventId);
        }
        return LoggedEvent.of(found.get(0), json);
    }
}
