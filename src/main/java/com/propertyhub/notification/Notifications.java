package com.propertyhub.notification;

import com.propertyhub.persistence.Times;
import com.propertyhub.persistence.Transactions;
import com.propertyhub.persistence.UnitOfWork;
import com.propertyhub.user.UserFields;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.Paging;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The notification center. {@link #notify} is the one way any feature notifies a user: it stores the
 * notification in the caller's transaction and emits {@code notification} to the user's private room with it,
 * so the bell and the stored list can never disagree. A change of role empties the user's center
 * ({@link #forget}): what it held was written for the old role.
 */
public final class Notifications {
    private final Transactions tx;

    public Notifications(Transactions tx) {
        this.tx = tx;
    }

    /** Stores a notification for {@code userId} and emits it, in {@code unit}'s transaction. */
    public static NotificationView notify(UnitOfWork unit, UUID userId, String title, String body, String link) {
        Notification n = new Notification(UUID.randomUUID(), userId, clip(title, 200), clip(body, 2000),
                clip(link, 500), Times.now());
        unit.em().persist(n);
        NotificationView view = NotificationView.of(n);
        unit.emit(privateRoom(unit.em(), userId), "notification", Map.of("notification", view));
        return view;
    }

    public NotificationPage list(UUID userId, boolean unreadOnly, Paging paging) {
        return tx.read(em -> {
            String where = " where n.userId = :u" + (unreadOnly ? " and n.readAt is null" : "");
            long total = em.createQuery("select count(n) from Notification n" + where, Long.class)
                    .setParameter("u", userId).getSingleResult();
            List<NotificationView> items = em.createQuery(
                            "select n from Notification n" + where + " order by n.createdAt desc, n.id",
                            Notification.class)
                    .setParameter("u", userId)
                    .setFirstResult(paging.offset()).setMaxResults(paging.limit())
                    .getResultList().stream().map(NotificationView::of).toList();
            return new NotificationPage(items, total, paging.limit(), paging.offset(), unread(em, userId));
        });
    }

    /** Marks one notification read; other users' notifications are 404, as if they did not exist. */
    public NotificationView markRead(UUID userId, UUID id) {
        return tx.write(unit -> {
            Notification n = unit.em().find(Notification.class, id);
            if (n == null || !n.getUserId().equals(userId)) {
                throw ApiException.notFound("notification", id);
            }
            if (n.getReadAt() == null) {
                n.markRead(Times.now());
                unit.em().flush();
                emitRead(unit, userId, List.of(id));
            }
            return NotificationView.of(n);
        });
    }

    /** Marks all of the user's notifications read; answers how many changed and the unread count (0). */
    public Map<String, Object> markAllRead(UUID userId) {
        return tx.write(unit -> {
            Instant now = Times.now();
            List<UUID> ids = unit.em().createQuery(
                            "select n.id from Notification n where n.userId = :u and n.readAt is null", UUID.class)
                    .setParameter("u", userId).getResultList();
            if (!ids.isEmpty()) {
                unit.em().createQuery(
                        "update Notification n set n.readAt = :now where n.userId = :u and n.readAt is null")
                        .setParameter("now", now).setParameter("u", userId).executeUpdate();
                emitRead(unit, userId, ids);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("marked", ids.size());
            answer.put("unread", 0);
            return answer;
        });
    }

    /** Other tabs of the same user update their bell too. */
    private static void emitRead(UnitOfWork unit, UUID userId, List<UUID> ids) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("ids", ids);
        payload.put("unread", unread(unit.em(), userId));
        unit.emit(privateRoom(unit.em(), userId), "notification:read", payload);
    }

    /**
     * Deletes every notification of {@code userId}, in the caller's transaction: called when the user's role
     * changes, so a demoted owner or manager keeps no staff notification (other tenants' requests and comments),
     * and the events that carried them went to the old role's private room, which is never read again.
     */
    public static void forget(EntityManager em, UUID userId) {
        em.createQuery("delete from Notification n where n.userId = :u").setParameter("u", userId).executeUpdate();
    }

    private static String privateRoom(EntityManager em, UUID userId) {
        return UserFields.find(em, userId).privateRoom();
    }

    private static long unread(EntityManager em, UUID userId) {
        return em.createQuery("select count(n) from Notification n where n.userId = :u and n.readAt is null",
                Long.class)
                .setParameter("u", userId).getSingleResult();
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
