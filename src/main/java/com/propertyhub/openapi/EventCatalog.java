package com.propertyhub.openapi;

import com.propertyhub.activity.Actor;
import com.propertyhub.activity.Change;
import com.propertyhub.customer.CustomerView;
import com.propertyhub.maintenance.MaintenanceViews;
import com.propertyhub.notification.NotificationView;
import com.propertyhub.payment.PaymentView;
import com.propertyhub.presence.PresenceUser;
import com.propertyhub.property.PropertyView;
import com.propertyhub.user.UserView;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every event the server itself sends on {@code /api/events}: its name, who receives it, how it travels and the
 * shape of its {@code data}. The one list of them: the served OpenAPI document renders it as {@code x-events}, the
 * README's table is this list, and a test checks it against the names the code emits. (A SUPER_ADMIN may also emit
 * events of other names with {@code POST /api/realtime/emit}, outside the namespaces reserved here.)
 */
public enum EventCatalog {
    READY("ready", Delivery.CONTROL, "the stream that opened",
            "First event of every stream: its id for DELETE /api/events/{connectionId}, its rooms, the user, the node.",
            field("connectionId", String.class), field("rooms", String[].class), field("user", UserView.class),
            field("node", String.class)),
    RESYNC("resync", Delivery.CONTROL, "a stream opened with a Last-Event-ID the log does not have",
            "The position is unknown, malformed or no longer retained: refetch your lists; its id is the current"
                    + " position to resume from; the stream continues live.",
            field("reason", String.class)),
    UNAVAILABLE("unavailable", Delivery.CONTROL,
            "a stream refused or ended for now (stream limit, stream-open rate, the node stopping, the database down)",
            "The stream ends after it; reconnect after retryAfter seconds (its retry: says the same).",
            field("code", String.class), field("message", String.class), field("retryAfter", Integer.class)),
    AUTH_EXPIRED("auth:expired", Delivery.CONTROL, "each stream of a token that expired or was revoked",
            "The stream ends after it: log in again (do not reconnect with the same token).",
            field("reason", String.class)),

    CUSTOMER_CREATED("customer:created", Delivery.LOGGED, "admins", "A customer was created (actor: by whom).",
            field("customer", CustomerView.class), optional("actor", Actor.class)),
    CUSTOMER_UPDATED("customer:updated", Delivery.LOGGED, "admins",
            "A customer changed, also when its counts of users or properties did (then without actor and changes).",
            field("customer", CustomerView.class), optional("actor", Actor.class), optional("changes", Change[].class)),
    CUSTOMER_DELETED("customer:deleted", Delivery.LOGGED, "admins",
            "A customer was deleted, with its users and properties.",
            field("customerId", UUID.class), optional("company", String.class), optional("actor", Actor.class)),
    ACCOUNT_UPDATED("account:updated", Delivery.LOGGED, "customer:{customerId}",
            "The customer of the stream's users changed (the same change as customer:updated; a staff actor is named"
                    + " only as PropertyHub support).",
            field("customer", CustomerView.class), optional("actor", Actor.class), optional("changes", Change[].class)),
    ACCOUNT_DELETED("account:deleted", Delivery.LOGGED, "customer:{customerId}",
            "The customer was deleted: its users' streams end with auth:expired.", field("customerId", UUID.class),
            optional("actor", Actor.class)),

    USER_CREATED("user:created", Delivery.LOGGED, "admins", "An internal user was created (no password of any kind).",
            field("user", UserView.class), optional("actor", Actor.class)),
    USER_UPDATED("user:updated", Delivery.LOGGED, "admins (internal users); user:{userId} (the user's own tabs)",
            "A user changed: an internal user to admins; a customer-side user, or a tenancy that started or ended, "
                    + "to the user's own room (of the role they had). Deactivated, or given another role: their "
                    + "streams end with auth:expired.", field("user", UserView.class), optional("actor", Actor.class),
            optional("changes", Change[].class)),
    USER_DELETED("user:deleted", Delivery.LOGGED, "admins (internal users); user:{userId} (customer-side users)",
            "A user was deleted: their streams end with auth:expired.", field("userId", UUID.class),
            optional("name", String.class), optional("actor", Actor.class)),
    USER_SESSIONS_ENDED("user:sessions-ended", Delivery.LOGGED, "user:{userId}",
            "The user signed out everywhere or got a new password: tokens below tokenVersion stop working and their "
                    + "streams end with auth:expired.", field("userId", UUID.class),
                    field("tokenVersion", Integer.class)),

    PROPERTY_CREATED("property:created", Delivery.LOGGED, "user:{userId} of each OWNER and MANAGER of the customer",
            "A property was added.", field("property", PropertyView.class)),
    PROPERTY_UPDATED("property:updated", Delivery.LOGGED,
            "user:{userId} of each OWNER and MANAGER of the customer and of the property's tenants",
            "A property changed.", field("property", PropertyView.class)),
    PROPERTY_DELETED("property:deleted", Delivery.LOGGED,
            "user:{userId} of each OWNER and MANAGER of the customer and of the property's tenants",
            "A property was removed (its tenancies end, its payments go).", field("propertyId", UUID.class)),
    PAYMENT_RECEIVED("payment:received", Delivery.LOGGED,
            "user:{userId} of each OWNER and MANAGER of the customer and of the paying tenant",
            "A rent payment was recorded.", field("payment", PaymentView.class)),

    MAINTENANCE_CREATED("maintenance:created", Delivery.LOGGED,
            "user:{userId} of each OWNER and MANAGER of the customer and of the requester",
            "A maintenance request was opened.", field("request", MaintenanceViews.Request.class)),
    MAINTENANCE_UPDATED("maintenance:updated", Delivery.LOGGED,
            "user:{userId} of each OWNER and MANAGER of the customer and of the requester",
            "A request's status or assignee changed, or it got a comment (then with comment).",
            field("request", MaintenanceViews.Request.class), optional("comment", MaintenanceViews.Comment.class)),
    MAINTENANCE_TYPING("maintenance:typing", Delivery.TRANSIENT,
            "user:{userId} of everyone on the request but the typist",
            "Someone is typing on the request's thread: live only, no id, never replayed.",
            field("requestId", UUID.class), field("userId", UUID.class), field("name", String.class)),

    NOTIFICATION("notification", Delivery.LOGGED, "user:{userId}",
            "A new entry in the user's notification center.", field("notification", NotificationView.class)),
    NOTIFICATION_READ("notification:read", Delivery.LOGGED, "user:{userId}",
            "Notifications were marked read (the user's other tabs update their bell).",
            field("ids", UUID[].class), field("unread", Long.class)),

    PRESENCE_JOINED("presence:joined", Delivery.LOGGED, "customer:{customerId} (its users) and admins",
            "A user opened their first stream on any node.", field("user", PresenceUser.class)),
    PRESENCE_LEFT("presence:left", Delivery.LOGGED, "customer:{customerId} (its users) and admins",
            "A user's last stream ended PRESENCE_GRACE ago.", field("user", PresenceUser.class));

    /** How an event reaches a stream. */
    public enum Delivery {
        /** Written to the event log with an id: replayed after a reconnect with Last-Event-ID. */
        LOGGED,
        /** Sent to the streams open now, without an id; never logged or replayed. */
        TRANSIENT,
        /** About one stream itself, written by the server to that stream only, without an id. */
        CONTROL
    }

    /** One member of an event's {@code data} object, of the type the REST API also answers with. */
    public record Field(String name, Class<?> type, boolean required) {
    }

    private final String eventName;
    private final Delivery delivery;
    private final String recipients;
    private final String description;
    private final List<Field> payload;

    EventCatalog(String eventName, Delivery delivery, String recipients, String description, Field... payload) {
        this.eventName = eventName;
        this.delivery = delivery;
        this.recipients = recipients;
        this.description = description;
        this.payload = List.of(payload);
    }

    private static Field field(String name, Class<?> type) {
        return new Field(name, type, true);
    }

    private static Field optional(String name, Class<?> type) {
        return new Field(name, type, false);
    }

    /** The name on the wire, in the {@code event:} line. */
    public String eventName() {
        return eventName;
    }

    public Delivery delivery() {
        return delivery;
    }

    /** The rooms (or, for control events, the streams) that receive it. */
    public String recipients() {
        return recipients;
    }

    public String description() {
        return description;
    }

    public List<Field> payload() {
        return payload;
    }

    public static Optional<EventCatalog> named(String eventName) {
        return Arrays.stream(values()).filter(e -> e.eventName.equals(eventName)).findFirst();
    }
}
