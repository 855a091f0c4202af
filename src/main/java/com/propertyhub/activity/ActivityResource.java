package com.propertyhub.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.identity.AuthUser;
import com.propertyhub.identity.Caller;
import com.propertyhub.realtime.CurrentUsers;
import com.propertyhub.realtime.Event;
import com.propertyhub.realtime.EventLog;
import com.propertyhub.realtime.Rooms;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/activity?limit=&before=<eventId>}: the event log as a feed, newest first, holding exactly the
 * events the caller's streams would get (the rooms of {@link Rooms#of}: from the token, and the private room of the
 * user's current role epoch, so a user whose role changed never reads what was addressed to the old role). Paged by id
 * rather than offset, because new events arrive at the top all the time: pass the answer's {@code next} as
 * {@code before}.
 */
@Tag(name = "activity")
@Path("activity")
@Produces(MediaType.APPLICATION_JSON)
public final class ActivityResource {
    public static final int DEFAULT_LIMIT = 20;

    /** One feed entry; {@code data} is the event's JSON payload. */
    @Schema(name = "ActivityItem")
    public record Item(String id, String event, JsonNode data, Instant createdAt) {
    }

    /** {@code next}: the {@code before} of the following (older) page, {@code null} on the last page. */
    @Schema(name = "ActivityFeed")
    public record Feed(List<Item> items, int limit, String before, String next) {
    }

    private final EventLog eventLog;
    private final CurrentUsers currentUsers;
    private final ObjectMapper json;

    public ActivityResource(EventLog eventLog, CurrentUsers currentUsers, ObjectMapper json) {
        this.eventLog = eventLog;
        this.currentUsers = currentUsers;
        this.json = json;
    }

    @GET
    @PermitAll
    @Operation(operationId = "activityFeed",
            summary = "The event log the caller may see, newest first (?limit, ?before)")
    public Feed feed(@QueryParam("limit") String limit, @QueryParam("before") String before,
                     @Context SecurityContext context) {
        int max = limit == null || limit.isBlank() ? DEFAULT_LIMIT : Paging.of(limit, null).limit();
        Long beforeId = parseBefore(before);
        AuthUser caller = Caller.of(context);
        List<Event> events = eventLog.readBefore(beforeId,
                Rooms.of(caller, currentUsers.require(caller).roleEpoch()), max);
        List<Item> items = events.stream().map(this::item).toList();
        String next = events.size() < max ? null : items.get(items.size() - 1).id();
        return new Feed(items, max, beforeId == null ? null : beforeId.toString(), next);
    }

    private static Long parseBefore(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(raw.trim());
            if (id < 1) {
                throw ApiException.invalidParameter("before", "must be an event id (a positive whole number)");
            }
            return id;
        } catch (NumberFormatException e) {
            throw ApiException.invalidParameter("before", "must be an event id (a positive whole number)");
        }
    }

    private Item item(Event e) {
        try {
            return new Item(Long.toString(e.id()), e.name(), json.readTree(e.data()), e.createdAt());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("event " + e.id() + " holds invalid JSON", ex);
        }
    }
}
