package com.propertyhub.notification;

import java.time.Instant;
import java.util.UUID;

/** A notification as the API returns it. */
public record NotificationView(UUID id, UUID userId, String title, String body, String link, boolean read,
                               Instant readAt, Instant createdAt) {

    public static NotificationView of(Notification n) {
        return new NotificationView(n.getId(), n.getUserId(), n.getTitle(), n.getBody(), n.getLink(),
                n.getReadAt() != null, n.getReadAt(), n.getCreatedAt());
    }
}
