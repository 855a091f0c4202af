package com.propertyhub.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.identity.AuthUser;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

/**
 * Which open streams an event takes away: a deleted or deactivated user's, those of a user whose sessions ended
 * (signed out, new password: the streams of tokens older than the new token version), and every stream of a
 * deleted customer. Every node sees every event (in order), so revocation holds across the cluster within the
 * delivery latency, while the tokens themselves would stay valid until they expire.
 */
final class Revocations {
    /** {@code UserSessions.ENDED}: signed out, or a new password. */
    static final String SESSIONS_ENDED = "user:sessions-ended";

    private Revocations() {
    }

    /** Every token version: no stream of the user is kept for its version. */
    private static final int ALL = Integer.MAX_VALUE;

    /**
     * @param keepRole        a stream of {@code userId} whose token still has this role is kept (null: end all)
     * @param keepFromVersion a stream of {@code userId} whose token has at least this version is kept
     */
    record Revoked(UUID userId, UUID customerId, String keepRole, int keepFromVersion, String reason) {
        boolean appliesTo(AuthUser user) {
            if (userId != null && userId.equals(user.id())) {
                return (keepRole == null || !keepRole.equals(user.role().name()))
                        && user.tokenVersion() < keepFromVersion;
            }
            return customerId != null && customerId.equals(user.customerId());
        }

        /** The user's sessions ended: tokens below {@link #keepFromVersion} are no longer good. */
        boolean endsSessions() {
            return userId != null && keepFromVersion != ALL;
        }
    }

    static Optional<Revoked> of(Event e, ObjectMapper json) {
        String name = e.name();
        if (!name.equals("user:deleted") && !name.equals("user:updated") && !name.equals("account:deleted")
                && !name.equals(SESSIONS_ENDED)) {
            return Optional.empty();
        }
        JsonNode data;
        try {
            data = json.readTree(e.data());
        } catch (IOException ex) {
            return Optional.empty();
        }
        return switch (name) {
            case "user:deleted" -> uuid(data.path("userId"))
                    .map(id -> new Revoked(id, null, null, ALL, "account deleted"));
            case "account:deleted" -> uuid(data.path("customerId"))
                    .map(id -> new Revoked(null, id, null, ALL, "customer deleted"));
            case SESSIONS_ENDED -> uuid(data.path("userId")).filter(id -> data.path("tokenVersion").canConvertToInt())
                    .map(id -> new Revoked(id, null, null, data.path("tokenVersion").asInt(), "session ended"));
            default -> {
                JsonNode user = data.path("user");
                boolean active = user.path("isActive").asBoolean(true);
                // A role change ends streams opened with the old role: their rooms no longer fit.
                yield uuid(user.path("id")).map(id -> active
                        ? new Revoked(id, null, user.path("role").asText(), ALL, "role changed")
                        : new Revoked(id, null, null, ALL, "account deactivated"));
            }
        };
    }

    private static Optional<UUID> uuid(JsonNode node) {
        try {
            return node.isTextual() ? Optional.of(UUID.fromString(node.asText())) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
