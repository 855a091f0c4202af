package com.propertyhub.notification;

import com.propertyhub.identity.AllowedWhileReadOnly;
import com.propertyhub.identity.Caller;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.Ids;
import com.propertyhub.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Map;

/** {@code /api/notifications}: every signed-in user's own notification center. */
@Tag(name = "notifications")
@Path("notifications")
@Produces(MediaType.APPLICATION_JSON)
public final class NotificationResource {
    private final Notifications notifications;

    public NotificationResource(Notifications notifications) {
        this.notifications = notifications;
    }

    @GET
    @Operation(operationId = "listNotifications",
            summary = "The caller's notifications (?unread=true, ?limit, ?offset)")
    public NotificationPage list(@QueryParam("unread") String unread, @QueryParam("limit") String limit,
                                 @QueryParam("offset") String offset, @Context SecurityContext security) {
        boolean unreadOnly;
        if (unread == null || unread.isBlank() || "false".equals(unread)) {
            unreadOnly = false;
        } else if ("true".equals(unread)) {
            unreadOnly = true;
        } else {
            throw ApiException.invalidParameter("unread", "must be true or false");
        }
        return notifications.list(Caller.of(security).id(), unreadOnly, Paging.of(limit, offset));
    }

    /** Marking read changes only the caller's own inbox, so a read-only customer's users may. */
    @AllowedWhileReadOnly
    @POST
    @Path("{id}/read")
    @Operation(operationId = "markNotificationRead", summary = "Mark one notification read")
    public NotificationView read(@PathParam("id") String id, @Context SecurityContext security) {
        return notifications.markRead(Caller.of(security).id(), Ids.parse(id, "notification"));
    }

    @AllowedWhileReadOnly
    @POST
    @Path("read-all")
    @Operation(operationId = "markAllNotificationsRead", summary = "Mark all of the caller's notifications read")
    public Map<String, Object> readAll(@Context SecurityContext security) {
        return notifications.markAllRead(Caller.of(security).id());
    }
}
