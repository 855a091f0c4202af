package com.propertyhub.notification;

import java.util.List;

/** A list answer with the caller's unread count: {@code {"items","total","limit","offset","unread"}}. */
public record NotificationPage(List<NotificationView> items, long total, int limit, int offset, long unread) {
}
